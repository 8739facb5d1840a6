"""Chairs no longer read procurements: a conflicted chair must not learn of the bids."""

from django.db import migrations

from core.roles import apply_role_permissions

READ_REGISTERS = [
    "interests.view_member",
    "interests.view_organisation",
    "interests.view_organisationrelationship",
    "interests.view_full_register",
    "interests.view_gifts_register",
    "interests.view_declarationcampaign",
    "meetings.view_committee",
]


def apply(apps, schema_editor):
    apply_role_permissions(
        apps,
        {"Chair": [*READ_REGISTERS, "meetings.record_meeting"]},
        ["interests", "meetings", "procurements", "ccg_governance"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("procurements", "0003_roles_procurements"),
        ("meetings", "0005_conflict_decision_public_chain"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
