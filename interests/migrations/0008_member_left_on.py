"""A person's leaving date, filled from the audit trail for those already recorded as leavers.

Until now the date someone left was kept only in the trail (``member.left``, whose detail has
``left_on``) and in their committee places' end dates (ADR 0006). Each person still recorded
as inactive gets the date of their latest ``member.left`` event; someone made inactive
without being recorded as a leaver keeps no date (they did not leave). The reverse empties
the column before it is removed.
"""

import datetime

from django.db import migrations, models


def fill_from_audit_trail(apps, schema_editor):
    Member = apps.get_model("interests", "Member")
    AuditEvent = apps.get_model("core", "AuditEvent")
    latest: dict[str, datetime.date] = {}
    for object_id, detail in (
        AuditEvent.objects.filter(action="member.left", object_type="interests.member")
        .order_by("at", "id")
        .values_list("object_id", "detail")
    ):
        raw = (detail or {}).get("left_on")
        try:
            latest[object_id] = datetime.date.fromisoformat(raw)
        except (TypeError, ValueError):
            continue  # an event without a readable date says nothing about when
    for member in Member.objects.filter(is_active=False, left_on__isnull=True):
        left_on = latest.get(str(member.pk))
        if left_on is not None:
            member.left_on = left_on
            member.save(update_fields=["left_on"])


def empty(apps, schema_editor):
    apps.get_model("interests", "Member").objects.update(left_on=None)


class Migration(migrations.Migration):
    dependencies = [
        ("interests", "0007_search_trigram_indexes"),
        ("core", "0003_issued_documents"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="member",
            options={
                "ordering": ["last_name", "first_name"],
                "permissions": [
                    (
                        "review_retention",
                        "Can review and delete records kept past their six-year retention",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="member",
            name="left_on",
            field=models.DateField(
                blank=True,
                help_text=(
                    "The day they left the organisation: their entries stay on the published "
                    "register for six months after it, and their records are kept for six years"
                ),
                null=True,
            ),
        ),
        migrations.RunPython(fill_from_audit_trail, empty),
    ]
