"""The audit trail moved to the kernel (``core``): forget it here, keep its permissions.

The table itself is adopted by ``core.0001_initial``. Here the model leaves
this app's state and its content type moves to ``core``, so the permission
rows (``view_auditevent`` and the rest) and every role holding them are kept
as they are, now named ``core.view_auditevent``.
"""

from django.db import migrations


def _move_content_type(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=source, model="auditevent").first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label=target, model="auditevent").first()
    if new is None:
        old.app_label = target
        old.save(update_fields=["app_label"])
        return
    # Both exist (permissions were created for the new label first): keep the
    # roles' grants on the new rows, then drop the old ones.
    for permission in Permission.objects.filter(content_type=old):
        replacement, _ = Permission.objects.get_or_create(
            content_type=new, codename=permission.codename, defaults={"name": permission.name}
        )
        for group in permission.group_set.all():
            group.permissions.add(replacement)
        for user in permission.user_set.all():
            user.user_permissions.add(replacement)
    old.delete()


def forwards(apps, schema_editor):
    _move_content_type(apps, "ccg_governance", "core")


def backwards(apps, schema_editor):
    _move_content_type(apps, "core", "ccg_governance")


class Migration(migrations.Migration):
    dependencies = [
        ("ccg_governance", "0001_initial"),
        ("core", "0001_initial"),
        # After every data migration that grants ccg_governance.view_auditevent.
        ("interests", "0005_member_affiliation"),
        ("meetings", "0005_conflict_decision_public_chain"),
        ("procurements", "0004_chair_reads_no_procurements"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
        migrations.RunPython(forwards, backwards),
    ]
