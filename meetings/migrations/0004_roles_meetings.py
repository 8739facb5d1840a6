"""Give the roles the meetings' permissions."""

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
SEE_ALL_PAPERS = ["meetings.view_all_papers", "meetings.view_meeting"]

ROLE_PERMISSIONS = {
    "Secretary": READ_REGISTERS
    + SEE_ALL_PAPERS
    + [
        "interests.add_member",
        "interests.change_member",
        "interests.add_organisation",
        "interests.change_organisation",
        "interests.add_organisationrelationship",
        "interests.change_organisationrelationship",
        "interests.import_organisations",
        "interests.import_register",
        "interests.review_interest",
        "interests.run_declaration_campaign",
        "ccg_governance.view_auditevent",
        "meetings.manage_committees",
        "meetings.manage_meetings",
        "meetings.record_meeting",
    ],
    "Chair": READ_REGISTERS + ["meetings.record_meeting"],
    "Member": [],
    "Conflicts Guardian": READ_REGISTERS
    + SEE_ALL_PAPERS
    + [
        "interests.review_interest",
        "interests.approve_withholding",
        "ccg_governance.view_auditevent",
    ],
    "Auditor": READ_REGISTERS + SEE_ALL_PAPERS + ["ccg_governance.view_auditevent"],
}


def apply(apps, schema_editor):
    apply_role_permissions(apps, ROLE_PERMISSIONS, ["interests", "meetings", "ccg_governance"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_agenda_links"),
        ("interests", "0004_roles_register"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
