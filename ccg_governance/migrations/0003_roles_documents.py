"""The governance team, the Guardian and auditors see who a checked document was issued to.

In the project app, the top layer, because it gives a kernel permission to the role groups
the apps' migrations create.
"""

from django.db import migrations

GROUPS = ["Secretary", "Conflicts Guardian", "Auditor"]
CODENAME = "view_issueddocument"


def apply(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("core")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="core", codename=CODENAME)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revert(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="core", codename=CODENAME
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name__in=GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("ccg_governance", "0002_auditevent_moved_to_core"),
        ("core", "0003_issued_documents"),
        ("interests", "0004_roles_register"),
        ("meetings", "0004_roles_meetings"),
        ("procurements", "0004_chair_reads_no_procurements"),
    ]

    operations = [migrations.RunPython(apply, revert)]
