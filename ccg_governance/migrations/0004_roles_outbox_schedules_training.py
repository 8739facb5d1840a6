"""The secretary sees the outbox (status only), tries a failed email again, changes the
reminders' schedules and records training; the Guardian and auditors read training records.

In the project app, the top layer, because it gives kernel and django-celery-beat
permissions to the role groups the apps' migrations create.
"""

from django.db import migrations

GRANTS = {
    "Secretary": [
        ("core", "view_outboxmessage"),
        ("core", "change_outboxmessage"),
        ("django_celery_beat", "view_periodictask"),
        ("django_celery_beat", "change_periodictask"),
        ("interests", "view_trainingrecord"),
        ("interests", "record_training"),
    ],
    "Conflicts Guardian": [("interests", "view_trainingrecord")],
    "Auditor": [("interests", "view_trainingrecord")],
}


def apply(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for label in {label for codes in GRANTS.values() for label, _ in codes}:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for label, codename in codes:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=label, codename=codename)
            )


def revert(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for label, codename in codes:
            permission = Permission.objects.filter(
                content_type__app_label=label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("ccg_governance", "0003_roles_documents"),
        ("core", "0004_outbox"),
        ("interests", "0006_training_records"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(apply, revert)]
