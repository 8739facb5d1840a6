"""Every page pattern that answers GET, as the person who uses it, on the demo data, has no
axe-core violations (WCAG 2.2 AA rules, best practice, focus-order-semantics) and no
"needs review" result for ARIA references (``tests/browser/conftest.py``).

``PAGES`` names each page pattern and who opens it; ``NOT_PAGES`` names every other pattern
and why it is not a page. A new URL pattern fails ``test_every_url_pattern_is_swept`` until
it is in one or the other.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_celery_beat.models import PeriodicTask
from playwright.sync_api import Page

from ccg_governance.demo.people import DEMO_PASSWORD
from interests.models import (
    GiftOrHospitality,
    Interest,
    Member,
    Organisation,
    OrganisationNameMatch,
    OrganisationRelationship,
)
from interests.register_import_fields import register_import_mapping_guess
from interests.selectors.register_import import register_import_preview, register_import_table
from interests.services import org_import
from interests.services.campaigns import campaign_open
from interests.services.declarations import (
    Publication,
    interest_declare,
    interest_draft_save,
    withholding_request,
)
from interests.services.register_import import (
    register_import_check,
    register_import_commit,
    register_import_mapping_set,
    register_import_upload,
)
from meetings.models import AgendaItem, Committee, CommitteeMembership, Meeting
from meetings.services.conduct import meeting_declaration_record
from procurements.models import PanelMember, Procurement
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import login

POST_ONLY = "answers POST only (a form's action)"
DOWNLOAD = "a file download, not a page"
FRAGMENT = "an htmx fragment inserted into a page that is swept"

NOT_PAGES: dict[str, str] = {
    "healthz": "a plain-text health check for the load balancer",
    "readyz": "a plain-text readiness check for the load balancer",
    "logout": POST_ONLY,
    "agenda_reorder": POST_ONLY,
    "attendee_apologies": POST_ONLY,
    "meeting_entries_confirm": POST_ONLY,
    "attendee_remove": POST_ONLY,
    "bid_status": POST_ONLY,
    "register_campaign_close": POST_ONLY,
    "register_import_commit": POST_ONLY,
    "register_import_refused_rows": DOWNLOAD,
    "name_match_decide": POST_ONLY,
    "name_match_search": POST_ONLY,
    "departure_stamp": POST_ONLY,
    "evaluator_add": POST_ONLY,
    "gift_guidance": POST_ONLY,
    "item_co_opt": POST_ONLY,
    "item_move": POST_ONLY,
    "meeting_mark_held": POST_ONLY,
    "meeting_publish": POST_ONLY,
    "organisation_import_commit": POST_ONLY,
    "paper_withdraw": POST_ONLY,
    "person_invitation_resend": POST_ONLY,
    "outbox_retry": POST_ONLY,
    "procurement_stage_move": POST_ONLY,
    "suggestions_accept": POST_ONLY,
    "conflict_declared": POST_ONLY,
    "breach_checks_run": POST_ONLY,
    "two_factor_recovery_codes": POST_ONLY,  # the codes page itself: tests/browser/test_two_factor
    "published_register_csv": DOWNLOAD,
    "register_full_csv": DOWNLOAD,
    "gift_register_csv": DOWNLOAD,
    "gift_published_csv": DOWNLOAD,
    "procurement_register_csv": DOWNLOAD,
    "procurement_register_full_csv": DOWNLOAD,
    "audit_trail_csv": DOWNLOAD,
    "breach_register_csv": DOWNLOAD,
    "breaches_published_csv": DOWNLOAD,
    "audit_pack_zip": "asks for the zip and sends the browser on to its status page (swept)",
    "audit_pack_zip_download": DOWNLOAD,
    "paper_download": DOWNLOAD,
    "lot_document_download": DOWNLOAD,
    "document_download": DOWNLOAD,
    **dict.fromkeys(
        [
            "published_register_pdf",
            "register_full_pdf",
            "my_declarations_pdf",
            "gift_register_pdf",
            "gift_published_pdf",
            "procurement_register_pdf",
            "procurement_register_full_pdf",
            "meeting_agenda_pdf",
            "meeting_pack_pdf",
            "minutes_part_two_pdf",
            "minutes_mine_pdf",
            "meeting_declarations_pdf",
            "public_minutes_pdf",
            "breach_register_pdf",
            "breaches_published_pdf",
            "attestation_pdf",
            "audit_pack_pdf",
        ],
        "asks for a PDF and sends the browser on to the document's status page (swept)",
    ),
    "organisation_suggestions": FRAGMENT,
    "organisation_suggest": FRAGMENT,
    "people_import_commit": POST_ONLY,
    "calendar_feed": "an iCalendar feed for calendar programs (tests/meetings/test_calendar.py)",
    **dict.fromkeys(
        [
            "opendata_index",
            "opendata_dataset",
            "opendata_schema",
            "opendata_table_schema",
            "opendata_csv",
        ],
        "the open data API: JSON or CSV for programs (tests/opendata/test_api.py)",
    ),
    **dict.fromkeys(
        ["oidc_authentication_init", "oidc_authentication_callback"],
        "single sign-on: redirects to and from the identity provider; off in the demo "
        "(tests/ccg_governance/test_sso.py)",
    ),
}

PUBLIC, SECRETARY, GP, GUARDIAN, EVALUATOR, ADMINISTRATOR = (
    "",
    "secretary",
    "gp.okafor",
    "guardian",
    "reserve.north",
    "sweep.administrator",  # made by _state: the demo has no system administrator
)

# Page pattern -> who opens it. (The URL itself is built from the demo data below.)
PAGES: dict[str, str] = {
    **dict.fromkeys(
        [
            "home",
            "accessibility",
            "login",
            "password_reset",
            "password_reset_done",
            "password_reset_confirm",
            "password_reset_complete",
            "published_register",
            "gift_published",
            "public_minutes_index",
            "public_minutes",
            "procurement_register",
            "document_check",
            "document_status",
            "breaches_published",
        ],
        PUBLIC,
    ),
    **dict.fromkeys(
        [
            "dashboard",
            "audit_trail",
            "password_change",
            "password_change_done",
            "register_full",
            "register_review_queue",
            "register_review_entry",
            "register_campaigns",
            "register_campaign_detail",
            "interest_detail",
            "interest_history",
            "organisation_list",
            "organisation_create",
            "organisation_detail",
            "organisation_edit",
            "organisation_relationship_add",
            "organisation_relationship_end",
            "organisation_unlinked_names",
            "organisation_name_link",
            "name_match_queue",
            "organisation_import_upload",
            "organisation_import_preview",
            "organisation_import_result",
            "gift_register",
            "gift_detail",
            "register_import_upload",
            "register_import_columns",
            "register_import_preview",
            "register_import_result",
            "people_list",
            "person_create",
            "person_detail",
            "person_edit",
            "person_leave",
            "committee_list",
            "committee_create",
            "committee_detail",
            "committee_edit",
            "committee_quorum",
            "committee_member_add",
            "committee_member_end",
            "committee_reserve_add",
            "committee_referrals",
            "meeting_list",
            "meeting_create",
            "meeting_detail",
            "recusal_matrix",
            "item_add",
            "item_edit",
            "item_remedy",
            "paper_upload",
            "attendee_add",
            "meeting_conduct",
            "meeting_declaration",
            "conflict_decision",
            "declaration_settle",
            "item_minutes",
            "meeting_approve_minutes",
            "erratum_new",
            "meeting_pack",
            "minutes_part_two",
            "minutes_mine",
            "procurement_list",
            "procurement_create",
            "procurement_detail",
            "procurement_edit",
            "lot_add",
            "lot_edit",
            "bid_add",
            "lot_panel",
            "evaluator_remove",
            "lot_document_upload",
            "award_record",
            "procurement_register_full",
            "privileged_actions",
            "two_factor_verify",
            "retention_review",
            "breach_register",
            "breach_detail",
            "breach_record",
            "outbox",
            "schedule_list",
            "schedule_edit",
            "training_overview",
            "training_record_new",
            "training_import",
            "training_withdraw",
            "people_import_upload",
            "people_import_columns",
            "people_import_preview",
            "people_import_result",
            "discussion_search",
            "item_discussion",
            "procurement_discussion",
            "procurement_forecast",
        ],
        SECRETARY,
    ),
    **dict.fromkeys(
        [
            "my_declarations",
            "interest_new",
            "interest_edit",
            "interest_end",
            "interest_withholding_request",
            "nil_return",
            "annual_declaration",
            "gift_mine",
            "gift_new",
            "two_factor_setup",
            "my_messages",
            "my_message",
            "calendar_link",
        ],
        GP,
    ),
    "two_factor_reset": ADMINISTRATOR,
    "gift_correct": "gift recipient",
    "register_withholding_decide": GUARDIAN,
    "meeting_declarations_pending": GUARDIAN,
    "meeting_declaration_in_error": GUARDIAN,
    "breach_review": GUARDIAN,
    "breach_update": GUARDIAN,
    "compliance_dashboard": GUARDIAN,
    "compliance_figure": GUARDIAN,
    "attestation_list": GUARDIAN,
    "attestation_detail": GUARDIAN,
    "attestation_sign": GUARDIAN,
    "audit_pack": GUARDIAN,
    "audit_pack_zip_status": GUARDIAN,
    "my_evaluations": EVALUATOR,
    "evaluation": EVALUATOR,
}


def _patterns() -> dict[str, URLPattern]:
    def walk(patterns: list[Any]) -> dict[str, URLPattern]:
        found: dict[str, URLPattern] = {}
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    found.update(walk(pattern.url_patterns))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.setdefault(pattern.name, pattern)
        return found

    return walk(get_resolver().url_patterns)


def test_every_url_pattern_is_swept_or_said_not_to_be_a_page(client: Client, db: Any) -> None:
    patterns = _patterns()
    assert set(PAGES) & set(NOT_PAGES) == set()
    assert set(patterns) - set(PAGES) - set(NOT_PAGES) == set(), "add the new pattern to PAGES"
    assert set(PAGES) | set(NOT_PAGES) <= set(patterns), "a swept pattern no longer exists"
    # What is said to answer POST only does refuse GET, even to someone allowed everything.
    from django.contrib.auth.models import User

    login(client, User.objects.create_superuser("sweep.admin", "", "x"))
    for name, reason in NOT_PAGES.items():
        if reason == POST_ONLY:
            converters = patterns[name].pattern.converters
            url = reverse(name, kwargs=dict.fromkeys(converters, 1))
            assert client.get(url).status_code == 405, name


# --- The demo, with what a real year adds to it -----------------------------------


def _member(username: str) -> Member:
    return Member.objects.get(user__username=username)


def _declared(member: Member, organisation: Organisation, nature: str) -> Interest:
    return interest_declare(
        member=member,
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": organisation,
            "organisation_name": "",
            "nature": nature,
            "description": "Added for the accessibility sweep",
            "start_date": datetime.date(2024, 4, 1),
        },
    )


def _state() -> dict[str, Any]:
    """Everything a page needs to exist: a campaign, imports, a withholding request, a
    declaration made at a meeting, and so on."""
    secretary = _member(SECRETARY).user
    gp = _member(GP)
    hospice = Organisation.objects.create(name="Northfield Hospice", kind="charity")
    campaign = campaign_open(
        title="Annual declaration 2027",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        actor=secretary,
    )
    draft = interest_draft_save(
        member=gp,
        actor=gp.user,
        fields={
            "category": "non_financial_personal",
            "organisation": hospice,
            "organisation_name": "",
            "nature": "volunteer",
            "description": "Volunteer driver",
            "start_date": datetime.date(2025, 1, 1),
        },
    )
    own = _declared(gp, hospice, "trustee")
    withheld = _declared(gp, Organisation.objects.exclude(pk=hospice.pk).first(), "member")
    withholding_request(
        interest=withheld, member=gp, reason="A risk of harm to my family", actor=gp.user
    )
    Interest.objects.create(
        declarant=_member("gp.clarke"),
        category="financial",
        organisation_name="Moorside Pharmacy Ltd",
        nature="shareholder",
        description="Shares",
        start_date=datetime.date(2023, 1, 1),
        status="submitted",
    )
    # A proposal for the review queue of typed names (ADR 0027).
    OrganisationNameMatch.objects.create(
        typed_name="Moorside Pharmacy Ltd",
        typed_key="moorside pharmacy ltd",
        organisation=hospice,
        method=OrganisationNameMatch.Method.SIMILAR,
        score=91,
    )
    submitted = Interest.objects.filter(status="submitted").exclude(declarant=gp).first()
    # Imports: one uploaded, one mapped, one imported, for each kind.
    register_csv = (
        b"Full name,Position,Type of interest,Nature,Organisation,Description,Date from\n"
        b"Dr Emma Clarke,GP member,Financial interest,Trustee,Northfield Hospice,"
        b"Trustee of the hospice,01/04/2020\n"
    )
    batches = []
    for step in range(3):
        batch = register_import_upload(
            actor=secretary, filename="register.csv", content=register_csv, encoding="utf-8"
        )
        if step >= 1:
            mapping = register_import_mapping_guess(register_import_table(batch).headings)
            register_import_mapping_set(batch=batch, mapping=mapping, actor=secretary)
            register_import_check(batch=batch, actor=secretary)
        if step == 2:
            preview = register_import_preview(batch=batch)
            register_import_commit(batch=batch, actor=secretary, fingerprint=preview.fingerprint)
        batches.append(batch)
    organisations = []
    for name in ("Sweep Practice One", "Sweep Practice Two"):
        content = f"name,kind,ods_code,member_of\n{name},GP practice,,\n".encode()
        uploaded = org_import.org_import_upload(
            actor=secretary, filename="orgs.csv", content=content, layout="simple"
        )
        organisations.append(org_import.org_import_check(batch=uploaded, actor=secretary))
    org_import.org_import_batch_commit(batch=organisations[1], actor=secretary)
    smt = Meeting.objects.get(committee__name="Strategic Management Team")
    general = meeting_declaration_record(
        actor=secretary,
        meeting=smt,
        member=_member(GUARDIAN),
        description="Trustee of Northfield Hospice",
        category="non_financial_personal",
        nature="trustee",
        organisation=hospice,
    )
    from django.contrib.auth.models import User

    from core.documents.services import document_request
    from interests.documents import PUBLISHED_REGISTER

    User.objects.create_superuser(ADMINISTRATOR, "sweep.admin@example.nhs.uk", DEMO_PASSWORD)
    published = document_request(
        kind=PUBLISHED_REGISTER,
        params={},
        user=User.objects.get(username=SECRETARY),
        check_url="http://testserver/documents/check/",
    )
    from compliance.models import Breach
    from compliance.services.breaches import Outcome, breach_review
    from compliance.services.detection import breaches_detect
    from interests.services.leavers import member_leave

    # A leaver of seven years ago, for the secretary's reviewed deletion list.
    gone = Member.objects.create(
        first_name="Gwen", last_name="Longago", job_title="GP member", professional_role="gp"
    )
    Interest.objects.create(
        declarant=gone,
        category="financial",
        organisation_name="Old Practice",
        nature="partner",
        description="Partner",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
        status="submitted",
        submitted_at=timezone.now() - datetime.timedelta(days=365 * 12),
    )
    member_leave(
        actor=secretary,
        member=gone,
        left_on=timezone.localdate() - datetime.timedelta(days=365 * 7 + 2),
    )
    breaches_detect()  # the demo's likely breaches; one reviewed and confirmed
    waiting = Breach.objects.filter(status="awaiting_review").exclude(member=_member(GUARDIAN))
    confirmed = breach_review(
        actor=_member(GUARDIAN).user,
        breach=waiting.first(),
        version=1,
        outcome=Outcome(
            status="breach",
            note="Confirmed with the member.",
            action_taken="Reminded of the policy.",
            public_summary="A member did not declare a known interest at a meeting.",
            public_action="The member was reminded of the policy.",
        ),
    )
    awaiting = Breach.objects.filter(status="awaiting_review").exclude(member=_member(GUARDIAN))
    from compliance.models import AuditPackZip
    from compliance.services.attestations import attestation_sign
    from compliance.services.pack_zip import pack_zip_build, permissions_fingerprint
    from core.outbox.models import OutboxMessage
    from interests.models import TrainingRecord

    attestation = attestation_sign(
        actor=_member(GUARDIAN).user,
        year=timezone.localdate().year,
        statement="The demo's attestation.",
    )
    guardian = _member(GUARDIAN).user
    pack_zip = AuditPackZip.objects.create(
        year=attestation.year,
        requested_by=guardian,
        permissions=permissions_fingerprint(guardian, attestation.year),
    )
    pack_zip_build(job_id=pack_zip.pk)
    people_batches = _people_batches(secretary)
    return {
        "people_batches": people_batches,
        "attestation": attestation,
        "pack_zip": pack_zip,
        "message": OutboxMessage.objects.filter(recipient=gp.user).latest("queued_at"),
        "training": TrainingRecord.objects.filter(member=gp).first(),  # the demo's
        "breach": confirmed,
        "awaiting": awaiting.first(),
        "published": published,
        "campaign": campaign,
        "draft": draft,
        "own": own,
        "withheld": withheld,
        "submitted": submitted,
        "batches": batches,
        "org_batches": organisations,
        "smt": smt,
        "general": general,
    }


def _people_batches(secretary: Any) -> list[Any]:
    """A staff list uploaded, one mapped and dry-run, one imported."""
    from interests.people_import_fields import people_import_mapping_guess
    from interests.selectors.people_import import people_import_fingerprint, people_import_table
    from interests.services.people_import import (
        people_import_check,
        people_import_commit,
        people_import_mapping_set,
        people_import_upload,
    )

    batches = []
    for step in range(3):
        content = (
            "Full name,Job title,Staff group,Email,Staff number\n"
            f"Dr Sweep Person{step},GP member,Medical and Dental,"
            f"sweep.person{step}@example.nhs.uk,SW{step:05d}\n"
        ).encode()
        batch = people_import_upload(
            actor=secretary, filename="staff.csv", content=content, encoding="utf-8"
        )
        if step >= 1:
            mapping = people_import_mapping_guess(people_import_table(batch).headings)
            people_import_mapping_set(batch=batch, mapping=mapping, full=False, actor=secretary)
            preview = people_import_check(batch=batch, actor=secretary)
            if step == 2:
                people_import_commit(
                    batch=batch,
                    actor=secretary,
                    fingerprint=people_import_fingerprint(batch, preview),
                )
        batches.append(batch)
    return batches


def _urls(state: dict[str, Any]) -> dict[str, str]:
    upcoming = Meeting.objects.get(status="draft", committee__name="Governing Body")
    approved = Meeting.objects.get(status="minutes_approved")
    items = list(AgendaItem.objects.filter(meeting=upcoming).order_by("position"))
    award = items[-1]
    okafor = _member(GP)
    procurement = Procurement.objects.get(reference="NCCG/2026/014")
    lot = procurement.lots.get(number=2)
    place = PanelMember.objects.filter(lot=lot).first()
    evaluator_place = PanelMember.objects.filter(member__user__username=EVALUATOR).first()
    assert place is not None and evaluator_place is not None
    governing = Committee.objects.get(name="Governing Body")
    membership = CommitteeMembership.objects.filter(committee=governing).first()
    relationship = OrganisationRelationship.objects.filter(end_date__isnull=True).first()
    federation = Organisation.objects.get(name="Northfield GP Federation")
    clarke = _member("gp.clarke")
    secretary_user = _member(SECRETARY).user
    gift = GiftOrHospitality.objects.order_by("pk").first()
    assert membership and relationship and gift
    uid = urlsafe_base64_encode(force_bytes(secretary_user.pk))
    token = default_token_generator.make_token(secretary_user)
    batch_uploaded, batch_mapped, batch_done = state["batches"]
    org_preview, org_done = state["org_batches"]
    args: dict[str, Callable[[], str]] = {
        "password_reset_confirm": lambda: reverse("password_reset_confirm", args=[uid, token]),
        "public_minutes": lambda: reverse("public_minutes", args=[approved.pk]),
        "register_review_entry": lambda: reverse(
            "register_review_entry", args=[state["submitted"].pk]
        ),
        "register_campaign_detail": lambda: reverse(
            "register_campaign_detail", args=[state["campaign"].pk]
        ),
        "interest_detail": lambda: reverse("interest_detail", args=[state["own"].pk]),
        "interest_history": lambda: reverse("interest_history", args=[state["own"].pk]),
        "organisation_detail": lambda: reverse("organisation_detail", args=[federation.pk]),
        "organisation_edit": lambda: reverse("organisation_edit", args=[federation.pk]),
        "organisation_relationship_end": lambda: reverse(
            "organisation_relationship_end", args=[relationship.pk]
        ),
        "organisation_name_link": lambda: (
            reverse("organisation_name_link") + "?name=Moorside+Pharmacy+Ltd"
        ),
        "organisation_import_preview": lambda: reverse(
            "organisation_import_preview", args=[org_preview.pk]
        ),
        "organisation_import_result": lambda: reverse(
            "organisation_import_result", args=[org_done.pk]
        ),
        "gift_detail": lambda: reverse("gift_detail", args=[gift.pk]),
        "gift_correct": lambda: reverse("gift_correct", args=[gift.pk]),
        "register_import_columns": lambda: reverse(
            "register_import_columns", args=[batch_uploaded.pk]
        ),
        "register_import_preview": lambda: reverse(
            "register_import_preview", args=[batch_mapped.pk]
        ),
        "register_import_result": lambda: reverse("register_import_result", args=[batch_done.pk]),
        "person_detail": lambda: reverse("person_detail", args=[clarke.pk]),
        "person_edit": lambda: reverse("person_edit", args=[clarke.pk]),
        "person_leave": lambda: reverse("person_leave", args=[clarke.pk]),
        "committee_detail": lambda: reverse("committee_detail", args=[governing.pk]),
        "committee_edit": lambda: reverse("committee_edit", args=[governing.pk]),
        "committee_quorum": lambda: reverse("committee_quorum", args=[governing.pk]),
        "committee_member_add": lambda: reverse("committee_member_add", args=[governing.pk]),
        "committee_member_end": lambda: reverse(
            "committee_member_end", args=[governing.pk, membership.pk]
        ),
        "committee_reserve_add": lambda: reverse("committee_reserve_add", args=[governing.pk]),
        "committee_referrals": lambda: reverse("committee_referrals", args=[governing.pk]),
        "meeting_detail": lambda: reverse("meeting_detail", args=[upcoming.pk]),
        "recusal_matrix": lambda: reverse("recusal_matrix", args=[upcoming.pk]),
        "item_add": lambda: reverse("item_add", args=[upcoming.pk]),
        "item_edit": lambda: reverse("item_edit", args=[upcoming.pk, award.pk]),
        "item_remedy": lambda: reverse("item_remedy", args=[upcoming.pk, award.pk]),
        "paper_upload": lambda: reverse("paper_upload", args=[upcoming.pk, award.pk]),
        "attendee_add": lambda: reverse("attendee_add", args=[upcoming.pk]),
        "meeting_conduct": lambda: (
            reverse("meeting_conduct", args=[upcoming.pk]) + f"?item={award.pk}"
        ),
        "meeting_declaration": lambda: reverse("meeting_declaration", args=[upcoming.pk]),
        "conflict_decision": lambda: reverse(
            "conflict_decision", args=[upcoming.pk, award.pk, okafor.pk]
        ),
        "declaration_settle": lambda: reverse(
            "declaration_settle", args=[state["smt"].pk, state["general"].pk]
        ),
        "item_minutes": lambda: reverse("item_minutes", args=[upcoming.pk, award.pk]),
        "meeting_approve_minutes": lambda: reverse(
            "meeting_approve_minutes", args=[state["smt"].pk]
        ),
        "erratum_new": lambda: reverse("erratum_new", args=[approved.pk]),
        "meeting_pack": lambda: reverse("meeting_pack", args=[upcoming.pk]),
        "minutes_part_two": lambda: reverse("minutes_part_two", args=[approved.pk]),
        "minutes_mine": lambda: reverse("minutes_mine", args=[approved.pk]),
        "procurement_detail": lambda: reverse("procurement_detail", args=[procurement.pk]),
        "procurement_edit": lambda: reverse("procurement_edit", args=[procurement.pk]),
        "lot_add": lambda: reverse("lot_add", args=[procurement.pk]),
        "lot_edit": lambda: reverse("lot_edit", args=[procurement.pk, lot.pk]),
        "bid_add": lambda: reverse("bid_add", args=[procurement.pk, lot.pk]),
        "lot_panel": lambda: reverse("lot_panel", args=[procurement.pk, lot.pk]),
        "evaluator_remove": lambda: reverse(
            "evaluator_remove", args=[procurement.pk, lot.pk, place.pk]
        ),
        "lot_document_upload": lambda: reverse(
            "lot_document_upload", args=[procurement.pk, lot.pk]
        ),
        "award_record": lambda: reverse("award_record", args=[procurement.pk, lot.pk]),
        "interest_edit": lambda: reverse("interest_edit", args=[state["draft"].pk]),
        "interest_end": lambda: reverse("interest_end", args=[state["own"].pk]),
        "interest_withholding_request": lambda: reverse(
            "interest_withholding_request", args=[state["own"].pk]
        ),
        "annual_declaration": lambda: reverse("annual_declaration", args=[state["campaign"].pk]),
        "register_withholding_decide": lambda: reverse(
            "register_withholding_decide", args=[state["withheld"].pk]
        ),
        "evaluation": lambda: reverse("evaluation", args=[evaluator_place.pk]),
        "document_status": lambda: reverse("document_status", args=[state["published"].reference]),
        "two_factor_reset": lambda: reverse("two_factor_reset", args=[secretary_user.pk]),
        "breach_detail": lambda: reverse("breach_detail", args=[state["breach"].pk]),
        "breach_review": lambda: reverse("breach_review", args=[state["awaiting"].pk]),
        "breach_update": lambda: reverse("breach_update", args=[state["breach"].pk]),
        "compliance_figure": lambda: reverse("compliance_figure", args=["declarations"]),
        "attestation_detail": lambda: reverse("attestation_detail", args=[state["attestation"].pk]),
        "audit_pack_zip_status": lambda: reverse(
            "audit_pack_zip_status", args=[state["pack_zip"].token]
        ),
        "attestation_sign": lambda: reverse("attestation_sign", args=[state["attestation"].year]),
        "meeting_declaration_in_error": lambda: reverse(
            "meeting_declaration_in_error", args=[state["general"].pk]
        ),
        "my_message": lambda: reverse("my_message", args=[state["message"].pk]),
        "schedule_edit": lambda: reverse(
            "schedule_edit", args=[PeriodicTask.objects.get(name="weekly-digest").pk]
        ),
        "training_withdraw": lambda: reverse("training_withdraw", args=[state["training"].pk]),
        "people_import_columns": lambda: reverse(
            "people_import_columns", args=[state["people_batches"][0].pk]
        ),
        "people_import_preview": lambda: reverse(
            "people_import_preview", args=[state["people_batches"][1].pk]
        ),
        "people_import_result": lambda: reverse(
            "people_import_result", args=[state["people_batches"][2].pk]
        ),
        "item_discussion": lambda: reverse("item_discussion", args=[upcoming.pk, award.pk]),
        "procurement_discussion": lambda: reverse("procurement_discussion", args=[procurement.pk]),
        "procurement_forecast": lambda: reverse("procurement_forecast", args=[procurement.pk]),
        "discussion_search": lambda: (
            reverse("discussion_search") + "?person=Okafor&about=out-of-hours"
        ),
    }
    return {name: args[name]() if name in args else reverse(name) for name in PAGES}


def _who(persona: str) -> str:
    if persona == "gift recipient":
        gift = GiftOrHospitality.objects.order_by("pk").first()
        assert gift is not None and gift.recipient.user is not None
        return gift.recipient.user.get_username()
    return persona


@pytest.mark.django_db(transaction=True)
def test_every_page_has_no_accessibility_violations(page: Page) -> None:
    call_command("seed_demo")
    urls = _urls(_state())
    problems: dict[str, Any] = {}
    personas: dict[str, list[str]] = {}
    for name, persona in PAGES.items():
        personas.setdefault(_who(persona), []).append(name)
    for username, names in personas.items():
        page.context.clear_cookies()
        if username:
            sign_in(page, username, DEMO_PASSWORD)
        for name in names:
            url = urls[name]
            assert resolve(url.split("?")[0]).url_name == name, (name, url)
            response = page.goto(url)
            assert response is not None and response.status == 200, (name, url, username)
            violations = axe_violations(page)
            if violations:
                problems[f"{name} ({username or 'the public'})"] = violations
    assert problems == {}
