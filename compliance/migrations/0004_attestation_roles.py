"""Give the roles the compliance dashboard and the attestation (core/roles.py is the source
of truth): the Guardian and auditors read the dashboard and the audit pack; only the
Guardian signs the annual attestation."""

from django.db import migrations

GRANTS = {
    "Conflicts Guardian": [
        "compliance.view_compliance_dashboard",
        "compliance.sign_attestation",
    ],
    "Auditor": ["compliance.view_compliance_dashboard"],
}


def _permission(apps, code):
    app_label, codename = code.split(".", 1)
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label=app_label, codename=codename
    )


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("compliance")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codes in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(apps, code) for code in codes))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for code in codes:
            app_label, codename = code.split(".", 1)
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_attestation")]

    operations = [migrations.RunPython(grant, revoke)]
