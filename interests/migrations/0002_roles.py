"""Create the role groups with their model permissions."""

from django.db import migrations

from core.roles import apply_role_permissions

ROLE_PERMISSIONS = {
    "Secretary": [
        "interests.view_member",
        "interests.add_member",
        "interests.change_member",
        "ccg_governance.view_auditevent",
    ],
    "Chair": ["interests.view_member"],
    "Member": [],
    "Conflicts Guardian": ["interests.view_member", "ccg_governance.view_auditevent"],
    "Auditor": ["interests.view_member", "ccg_governance.view_auditevent"],
}


def create_roles(apps, schema_editor):
    apply_role_permissions(apps, ROLE_PERMISSIONS, ["interests", "ccg_governance"])


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interests", "0001_initial"),
        ("ccg_governance", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
