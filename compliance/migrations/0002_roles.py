"""Give the roles the compliance permissions (core/roles.py is the source of truth).

- The governance team, the Guardian and auditors read the breaches register; the team and
  the Guardian record a breach; only the Guardian reviews one.
- Only the Guardian records that a declaration made at a meeting was made in error.
- The secretary reviews the records kept past their six years and deletes them.
"""

from django.db import migrations

GRANTS = {
    "Secretary": [
        "compliance.view_breach",
        "compliance.add_breach",
        "interests.review_retention",
    ],
    "Conflicts Guardian": [
        "compliance.view_breach",
        "compliance.add_breach",
        "compliance.review_breach",
        "meetings.record_declaration_error",
    ],
    "Auditor": ["compliance.view_breach"],
}


def _permissions(apps):
    from django.contrib.auth.management import create_permissions

    for label in ("compliance", "meetings", "interests"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")

    def get(code):
        app_label, codename = code.split(".", 1)
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    return get


def grant(apps, schema_editor):
    get = _permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name, codes in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(get(code) for code in codes))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for code in codes:
            app_label, codename = code.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0001_initial"),
        ("meetings", "0008_declaration_in_error"),
        ("interests", "0008_member_left_on"),
        ("ccg_governance", "0003_roles_documents"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
