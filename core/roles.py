"""The roles people hold, as Django groups, and the model permissions each carries.

Role membership gives *model-level* permissions (what kind of thing a person
may do). Which *particular* papers and minutes a person may open is decided by
object permissions (django-guardian), assigned by the services that apply
recusal decisions.

``ROLE_PERMISSIONS`` is the source of truth; data migrations apply it and a
test checks the database agrees.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    SECRETARY = "Secretary"
    CHAIR = "Chair"
    MEMBER = "Member"
    GUARDIAN = "Conflicts Guardian"
    AUDITOR = "Auditor"


_READ_REGISTERS = {
    "interests.view_member",
    "interests.view_organisation",
    "interests.view_organisationrelationship",
    "interests.view_full_register",
    "interests.view_gifts_register",
    "interests.view_declarationcampaign",
    "meetings.view_committee",
}

_SEE_ALL_PAPERS = {"meetings.view_all_papers", "meetings.view_meeting"}
_READ_PROCUREMENTS = {"procurements.view_procurement", "procurements.view_awarddecision"}
# Who a PDF was issued to, when someone checks a copy (core.documents).
_SEE_DOCUMENT_RECIPIENTS = {"core.view_issueddocument"}

ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.SECRETARY: _READ_REGISTERS
    | {
        "interests.add_member",
        "interests.change_member",
        "interests.add_organisation",
        "interests.change_organisation",
        "interests.add_organisationrelationship",
        "interests.change_organisationrelationship",
        "interests.import_organisations",
        "interests.import_register",
        "interests.import_people",
        "interests.review_interest",
        "interests.run_declaration_campaign",
        "core.view_auditevent",
        "meetings.manage_committees",
        "meetings.manage_meetings",
        "meetings.record_meeting",
        "procurements.manage_procurements",
        "compliance.view_breach",
        "compliance.add_breach",
        "interests.review_retention",
        # The outbox (status only, and trying a failed email again) and the reminders'
        # schedules (django-celery-beat's rows).
        "core.view_outboxmessage",
        "core.change_outboxmessage",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        "interests.view_trainingrecord",
        "interests.record_training",
    }
    | _SEE_ALL_PAPERS
    | _READ_PROCUREMENTS
    | _SEE_DOCUMENT_RECIPIENTS,
    # Chairs read no procurement: a conflicted chair must not learn of the bids (the award
    # reaches them, if at all, through the meeting, where their conflicts decide).
    Role.CHAIR: _READ_REGISTERS | {"meetings.record_meeting"},
    Role.MEMBER: set(),
    Role.GUARDIAN: _READ_REGISTERS
    | {
        "interests.review_interest",
        "interests.approve_withholding",
        "interests.view_trainingrecord",
        "core.view_auditevent",
        "meetings.record_declaration_error",
        "compliance.view_breach",
        "compliance.add_breach",
        "compliance.review_breach",
        "compliance.view_compliance_dashboard",
        "compliance.sign_attestation",
    }
    | _SEE_ALL_PAPERS
    | _READ_PROCUREMENTS
    | _SEE_DOCUMENT_RECIPIENTS,
    Role.AUDITOR: _READ_REGISTERS
    | _SEE_ALL_PAPERS
    | _READ_PROCUREMENTS
    | _SEE_DOCUMENT_RECIPIENTS
    | {
        "core.view_auditevent",
        "interests.view_trainingrecord",
        "compliance.view_breach",
        "compliance.view_compliance_dashboard",
    },
}


def apply_role_permissions(
    apps: Any, role_permissions: dict[str, Iterable[str]], app_labels: Iterable[str]
) -> None:
    """Create the groups and give each exactly the listed permissions.

    Called from data migrations with the historical ``apps`` registry. The
    permission rows for models created earlier in the same ``migrate`` run do
    not exist yet (Django creates them after all migrations), so create them
    first for the apps named.
    """
    from django.contrib.auth.management import create_permissions

    for label in app_labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role_name, codes in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role_name)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".", 1)
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def user_has_role(user: Any, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=role.value).exists()


def sync_roles() -> None:
    """Make the role groups match ``ROLE_PERMISSIONS`` using the live models.

    The data migrations do this on ``migrate``; tests that flush the database
    (live-server browser tests) call it to put the roles back.
    """
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = Q(pk__in=[])
        for code in codes:
            app_label, codename = code.split(".", 1)
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(wanted))
        if len(permissions) != len(codes):
            raise LookupError(f"Some permissions of {role.value} do not exist: {sorted(codes)}")
        group.permissions.set(permissions)
