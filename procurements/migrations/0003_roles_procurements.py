"""Give the roles the procurements' permissions."""

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
READ_PROCUREMENTS = ["procurements.view_procurement", "procurements.view_awarddecision"]

ROLE_PERMISSIONS = {
    "Secretary": READ_REGISTERS
    + SEE_ALL_PAPERS
    + READ_PROCUREMENTS
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
        "procurements.manage_procurements",
    ],
    "Chair": READ_REGISTERS + READ_PROCUREMENTS + ["meetings.record_meeting"],
    "Member": [],
    "Conflicts Guardian": READ_REGISTERS
    + SEE_ALL_PAPERS
    + READ_PROCUREMENTS
    + [
        "interests.review_interest",
        "interests.approve_withholding",
        "ccg_governance.view_auditevent",
    ],
    "Auditor": READ_REGISTERS
    + SEE_ALL_PAPERS
    + READ_PROCUREMENTS
    + ["ccg_governance.view_auditevent"],
}


def apply(apps, schema_editor):
    apply_role_permissions(
        apps, ROLE_PERMISSIONS, ["interests", "meetings", "procurements", "ccg_governance"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("procurements", "0002_panels_documents_awards"),
        ("meetings", "0004_roles_meetings"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
