"""The permission matrix: every URL pattern, as every role, a conflicted and a clear member,
an external evaluator, an administrator and an anonymous visitor, in a world with a secret
marker planted in every restricted object (tests/security/matrix_world.py). The chair and
the Guardian sit on the governing body and are conflicted on its Part II item, as a
privileged reader in the room may be: their own verdict withholds it from them.

For each pattern and identity the expected status is asserted, and no response may carry a
marker the identity must not see. Patterns are read from the URLconf: a new pattern without
an entry in ROUTES (how to fill its arguments) and EXPECTED (the status for each identity)
fails the test. A pattern that only accepts POST is tried with an empty POST, inside a
savepoint that is rolled back, so nothing it does changes the world for the next request.
The admin site's own patterns are covered by sampling each registered model's list.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib import admin
from django.db import transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from compliance.services.pack_zip import pack_zip_request
from core.documents.services import document_request
from meetings.documents import PACK
from tests.conftest import login
from tests.security.matrix_world import FORBIDDEN, IDENTITIES, World, build_world

Ids = dict[str, int]
R = Callable[[Ids], dict[str, Any]]


def _none(ids: Ids) -> dict[str, Any]:
    return {}


def _pk(key: str) -> R:
    return lambda ids: {"pk": ids[key]}


def _meeting_item(ids: Ids) -> dict[str, Any]:
    return {"pk": ids["meeting"], "item_pk": ids["item"]}


def _procurement_lot(ids: Ids) -> dict[str, Any]:
    return {"pk": ids["procurement"], "lot_pk": ids["lot"]}


# How to fill each pattern's arguments from the world's ids.
ROUTES: dict[str, R] = {
    "home": _none,
    "dashboard": _none,
    "audit_trail": _none,
    "privileged_actions": _none,
    "accessibility": _none,
    "healthz": _none,
    "readyz": _none,
    "login": _none,
    "oidc_authentication_init": _none,
    "oidc_authentication_callback": _none,
    "two_factor_verify": _none,
    "two_factor_setup": _none,
    "two_factor_recovery_codes": _none,
    "two_factor_reset": lambda ids: {"user_pk": ids["user"]},
    "my_messages": _none,
    "my_message": _pk("message"),
    "outbox": _none,
    "outbox_retry": _pk("message"),
    "schedule_list": _none,
    "schedule_edit": _pk("schedule"),
    "training_overview": _none,
    "training_record_new": _none,
    "training_import": _none,
    "training_withdraw": _pk("training"),
    "logout": _none,
    "password_change": _none,
    "password_change_done": _none,
    "password_reset": _none,
    "password_reset_done": _none,
    "password_reset_confirm": lambda ids: {"uidb64": "MQ", "token": "not-a-token"},
    "password_reset_complete": _none,
    "my_declarations": _none,
    "interest_new": _none,
    "interest_detail": _pk("draft"),
    "interest_edit": _pk("draft"),
    "interest_end": _pk("withheld"),
    "interest_history": _pk("withheld"),
    "interest_withholding_request": _pk("withheld"),
    "nil_return": _none,
    "annual_declaration": lambda ids: {"campaign_pk": ids["campaign"]},
    "organisation_suggestions": _none,
    "published_register": _none,
    "published_register_csv": _none,
    "register_full": _none,
    "register_full_csv": _none,
    "register_review_queue": _none,
    "register_review_entry": _pk("withheld"),
    "register_withholding_decide": _pk("withheld"),
    "register_campaigns": _none,
    "register_campaign_detail": _pk("campaign"),
    "register_campaign_close": _pk("campaign"),
    "organisation_list": _none,
    "organisation_create": _none,
    "organisation_suggest": _none,
    "organisation_detail": _pk("organisation"),
    "organisation_edit": _pk("organisation"),
    "organisation_relationship_add": _none,
    "organisation_relationship_end": _pk("relationship"),
    "organisation_unlinked_names": _none,
    "organisation_name_link": _none,
    "name_match_queue": _none,
    "name_match_search": _none,
    "name_match_decide": _pk("name_match"),
    "organisation_import_upload": _none,
    "organisation_import_preview": _pk("org_batch"),
    "organisation_import_commit": _pk("org_batch"),
    "organisation_import_result": _pk("org_batch"),
    "gift_mine": _none,
    "gift_new": _none,
    "gift_guidance": _none,
    "gift_detail": _pk("gift"),
    "gift_correct": _pk("gift"),
    "gift_register": _none,
    "gift_register_csv": _none,
    "gift_published": _none,
    "gift_published_csv": _none,
    "register_import_upload": _none,
    "register_import_columns": _pk("register_batch"),
    "register_import_preview": _pk("register_batch"),
    "register_import_commit": _pk("register_batch"),
    "register_import_result": _pk("register_batch"),
    "people_import_upload": _none,
    "people_import_columns": _pk("people_batch"),
    "people_import_preview": _pk("people_batch"),
    "people_import_commit": _pk("people_batch"),
    "people_import_result": _pk("people_batch"),
    "register_import_refused_rows": _pk("register_batch"),
    "people_list": _none,
    "person_create": _none,
    "person_detail": _pk("person"),
    "person_edit": _pk("person"),
    "person_leave": _pk("person"),
    "person_invitation_resend": _pk("person"),
    "committee_list": _none,
    "committee_create": _none,
    "committee_detail": _pk("committee"),
    "committee_edit": _pk("committee"),
    "committee_quorum": _pk("committee"),
    "committee_member_add": _pk("committee"),
    "committee_member_end": lambda ids: {
        "pk": ids["committee"],
        "membership_pk": ids["membership"],
    },
    "committee_reserve_add": _pk("committee"),
    "committee_referrals": _pk("committee"),
    "meeting_list": _none,
    "meeting_create": _none,
    "meeting_detail": _pk("meeting"),
    "meeting_publish": _pk("meeting"),
    "agenda_reorder": _pk("meeting"),
    "recusal_matrix": _pk("meeting"),
    "item_add": _pk("meeting"),
    "item_edit": _meeting_item,
    "item_move": _meeting_item,
    "item_remedy": _meeting_item,
    "item_co_opt": _meeting_item,
    "paper_upload": _meeting_item,
    "paper_withdraw": _pk("paper"),
    "attendee_add": _pk("meeting"),
    "meeting_entries_confirm": _pk("meeting"),
    "attendee_apologies": lambda ids: {"pk": ids["meeting"], "attendance_pk": ids["attendance"]},
    "attendee_remove": lambda ids: {"pk": ids["meeting"], "attendance_pk": ids["attendance"]},
    "meeting_conduct": _pk("meeting"),
    "meeting_declaration": _pk("meeting"),
    "conflict_decision": lambda ids: (
        _meeting_item(ids) | {"member_pk": ids["conflicted_member_pk"]}
    ),
    "item_minutes": _meeting_item,
    "declaration_settle": lambda ids: {"pk": ids["meeting"], "declaration_pk": ids["declaration"]},
    "suggestions_accept": _meeting_item,
    "departure_stamp": lambda ids: _meeting_item(ids) | {"member_pk": ids["conflicted_member_pk"]},
    "erratum_new": _pk("meeting"),
    "meeting_mark_held": _pk("meeting"),
    "meeting_approve_minutes": _pk("meeting"),
    "meeting_pack": _pk("meeting"),
    "paper_download": _pk("paper"),
    "minutes_part_two": _pk("meeting"),
    "minutes_mine": _pk("meeting"),
    "public_minutes_index": _none,
    "public_minutes": _pk("meeting"),
    "procurement_list": _none,
    "procurement_create": _none,
    "procurement_detail": _pk("procurement"),
    "procurement_edit": _pk("procurement"),
    "procurement_forecast": _pk("procurement"),
    "procurement_discussion": _pk("procurement"),
    "discussion_search": _none,
    "item_discussion": _meeting_item,
    "opendata_index": _none,
    "calendar_link": _none,
    "calendar_feed": lambda ids: {"token": "not-a-token"},
    "opendata_schema": _none,
    "opendata_dataset": lambda ids: {"slug": "interests"},
    "opendata_csv": lambda ids: {"slug": "breaches"},
    "opendata_table_schema": lambda ids: {"slug": "gifts-and-hospitality"},
    "procurement_stage_move": _pk("procurement"),
    "lot_add": _pk("procurement"),
    "lot_edit": _procurement_lot,
    "bid_add": _procurement_lot,
    "bid_status": lambda ids: _procurement_lot(ids) | {"bid_pk": ids["bid"]},
    "lot_panel": _procurement_lot,
    "evaluator_add": _procurement_lot,
    "evaluator_remove": lambda ids: _procurement_lot(ids) | {"place_pk": ids["place"]},
    "my_evaluations": _none,
    "evaluation": _pk("place"),
    "lot_document_upload": _procurement_lot,
    "lot_document_download": _pk("document"),
    "award_record": _procurement_lot,
    "procurement_register_full": _none,
    "procurement_register_full_csv": _none,
    "procurement_register": _none,
    "procurement_register_csv": _none,
    # PDFs: each is asked for, then followed to the stored file, whose text is checked.
    "published_register_pdf": _none,
    "register_full_pdf": _none,
    "my_declarations_pdf": _none,
    "gift_register_pdf": _none,
    "gift_published_pdf": _none,
    "procurement_register_pdf": _none,
    "procurement_register_full_pdf": _none,
    "meeting_agenda_pdf": _pk("meeting"),
    "meeting_pack_pdf": _pk("meeting"),
    "minutes_part_two_pdf": _pk("meeting"),
    "minutes_mine_pdf": _pk("meeting"),
    "meeting_declarations_pdf": _pk("meeting"),
    "public_minutes_pdf": _pk("meeting"),
    "document_check": _none,
    # The clear member's own stored pack: nobody else is handed it.
    "document_status": lambda ids: {"reference": ids["issued"]},
    "document_download": lambda ids: {"reference": ids["issued"]},
    # Issue 16: the audit trail's CSV, leavers' records, declarations at meetings, breaches.
    "audit_trail_csv": _none,
    "retention_review": _none,
    "conflict_declared": lambda ids: (
        _meeting_item(ids) | {"member_pk": ids["conflicted_member_pk"]}
    ),
    "meeting_declarations_pending": _none,
    "meeting_declaration_in_error": _pk("declaration"),
    "breach_register": _none,
    "breach_register_csv": _none,
    "breach_register_pdf": _none,
    "breach_record": _none,
    "breach_checks_run": _none,
    "breach_detail": _pk("breach"),
    "breach_review": _pk("breach"),
    "breach_update": _pk("breach"),
    "breaches_published": _none,
    "breaches_published_csv": _none,
    "breaches_published_pdf": _none,
    # Issue 16: the compliance dashboard, the annual attestation and the audit pack.
    "compliance_dashboard": _none,
    "compliance_figure": lambda ids: {"key": "late"},
    "attestation_list": _none,
    "attestation_detail": _pk("attestation"),
    "attestation_pdf": _pk("attestation"),
    "attestation_sign": lambda ids: {"year": ids["year"]},
    "audit_pack": _none,
    "audit_pack_pdf": lambda ids: {"year": ids["year"]},
    "audit_pack_zip": lambda ids: {"year": ids["year"]},
    # The auditor's own zip of the pack's CSVs: nobody else is handed it.
    "audit_pack_zip_status": lambda ids: {"token": ids["pack_zip"]},
    "audit_pack_zip_download": lambda ids: {"token": ids["pack_zip"]},
}

# The expected status of each pattern for each identity, in the order of IDENTITIES:
# anonymous, outsider, clear member, conflicted member, chair (conflicted), secretary,
# guardian, auditor, external evaluator, administrator. A pattern that refuses GET (405)
# shows the status of an empty POST instead. A PDF pattern is followed through its job to
# the stored file: "pdf" means a PDF was handed over, "302" that they were sent to sign in.
EXPECTED: dict[str, str] = {
    "accessibility": "200 200 200 200 200 200 200 200 200 200",
    "agenda_reorder": "302 404 403 403 403 400 403 403 404 400",
    "annual_declaration": "302 403 200 200 200 200 200 200 200 403",
    "attendee_add": "302 404 403 403 403 200 403 403 404 200",
    # Confirming one's own entries: only someone on the attendance list (members here).
    "meeting_entries_confirm": "302 404 302 302 302 403 302 403 404 403",
    "attendee_apologies": "302 404 403 403 403 302 403 403 404 302",
    "attendee_remove": "302 404 403 403 403 302 403 403 404 302",
    "audit_trail": "302 403 403 403 403 200 200 200 403 200",
    # Messages sent to you: the conflicted member's email is theirs alone (a 404 to others).
    "my_messages": "302 200 200 200 200 200 200 200 200 200",
    "my_message": "302 404 404 200 404 404 404 404 404 404",
    # The outbox (status only) and the reminders' schedules: the secretary's.
    "outbox": "302 403 403 403 403 200 403 403 403 200",
    "outbox_retry": "302 403 403 403 403 302 403 403 403 302",
    "schedule_list": "302 403 403 403 403 200 403 403 403 200",
    "schedule_edit": "302 403 403 403 403 200 403 403 403 200",
    # Training: the secretary records; the Guardian and auditors read.
    "training_overview": "302 403 403 403 403 200 200 200 403 200",
    "training_record_new": "302 403 403 403 403 200 403 403 403 200",
    "training_import": "302 403 403 403 403 200 403 403 403 200",
    "training_withdraw": "302 403 403 403 403 200 403 403 403 200",
    "award_record": "302 404 404 404 404 200 403 403 403 200",
    "bid_add": "302 404 404 404 404 200 403 403 403 200",
    "bid_status": "302 404 404 404 404 400 403 403 403 400",
    "committee_create": "302 403 403 403 403 200 403 403 403 200",
    "committee_detail": "302 403 403 403 200 200 200 200 403 200",
    "committee_edit": "302 403 403 403 403 200 403 403 403 200",
    "committee_list": "302 403 403 403 200 200 200 200 403 200",
    "committee_member_add": "302 403 403 403 403 200 403 403 403 200",
    "committee_member_end": "302 403 403 403 403 200 403 403 403 200",
    "committee_quorum": "302 403 403 403 403 200 403 403 403 200",
    "committee_referrals": "302 403 403 403 403 200 403 403 403 200",
    "committee_reserve_add": "302 403 403 403 403 200 403 403 403 200",
    "conflict_decision": "302 404 403 403 403 200 403 403 404 200",
    "dashboard": "302 200 200 200 200 200 200 200 200 200",
    "evaluation": "302 404 404 404 404 404 404 404 200 404",
    "evaluator_add": "302 404 404 404 404 400 403 403 403 400",
    "evaluator_remove": "302 404 404 404 404 200 403 403 403 200",
    "gift_correct": "302 403 403 200 403 403 403 403 403 403",
    "gift_detail": "302 403 403 200 200 200 200 200 403 200",
    "gift_guidance": "302 403 200 200 200 200 200 200 200 403",
    "gift_mine": "302 403 200 200 200 200 200 200 200 403",
    "gift_new": "302 403 200 200 200 200 200 200 200 403",
    "gift_published": "200 200 200 200 200 200 200 200 200 200",
    "gift_published_csv": "200 200 200 200 200 200 200 200 200 200",
    "gift_register": "302 403 403 403 200 200 200 200 403 200",
    "gift_register_csv": "302 403 403 403 200 200 200 200 403 200",
    "healthz": "200 200 200 200 200 200 200 200 200 200",
    "readyz": "200 200 200 200 200 200 200 200 200 200",
    "home": "200 302 302 302 302 302 302 302 302 302",
    "interest_detail": "302 403 403 200 403 403 403 403 403 403",
    "interest_edit": "302 403 403 200 403 403 403 403 403 403",
    "interest_end": "302 403 403 403 403 403 403 403 403 403",
    "interest_history": "302 403 403 403 200 200 200 200 403 200",
    "interest_new": "302 403 200 200 200 200 200 200 200 403",
    "interest_withholding_request": "302 403 403 403 403 403 403 403 403 403",
    "item_add": "302 404 403 403 403 200 403 403 404 200",
    "item_co_opt": "302 404 403 403 403 302 403 403 404 302",
    "item_edit": "302 404 403 403 403 200 403 403 404 200",
    "item_minutes": "302 404 403 403 403 200 403 403 404 200",
    "item_move": "302 404 403 403 403 400 403 403 404 400",
    "item_remedy": "302 404 403 403 403 200 403 403 404 200",
    "login": "200 200 200 200 200 200 200 200 200 200",
    # Single sign-on is off unless configured (tests/ccg_governance/test_sso.py turns it on).
    "oidc_authentication_init": "404 404 404 404 404 404 404 404 404 404",
    "oidc_authentication_callback": "404 404 404 404 404 404 404 404 404 404",
    "logout": "302 302 302 302 302 302 302 302 302 302",
    "lot_add": "302 404 404 404 404 200 403 403 403 200",
    "lot_document_download": "302 404 404 404 404 403 403 403 200 200",
    "lot_document_upload": "302 404 404 404 404 200 403 403 403 200",
    "lot_edit": "302 404 404 404 404 200 403 403 403 200",
    "lot_panel": "302 404 404 404 404 200 403 403 403 200",
    "meeting_approve_minutes": "302 404 403 403 200 200 403 403 404 200",
    "meeting_conduct": "302 404 403 403 200 200 403 403 404 200",
    "meeting_create": "302 403 403 403 403 200 403 403 403 200",
    "meeting_declaration": "302 404 403 403 200 200 403 403 404 200",
    "meeting_detail": "302 404 200 200 200 200 200 200 404 200",
    "meeting_list": "302 200 200 200 200 200 200 200 200 200",
    "meeting_mark_held": "302 404 403 403 400 400 403 403 404 400",
    "meeting_pack": "302 404 200 200 200 200 200 200 404 200",
    "meeting_publish": "302 404 403 403 403 400 403 403 404 400",
    "minutes_mine": "302 404 200 200 200 200 200 200 404 200",
    "minutes_part_two": "302 404 200 200 200 200 200 200 404 200",
    "my_declarations": "302 403 200 200 200 200 200 200 200 403",
    "my_evaluations": "302 403 200 200 200 200 200 200 200 403",
    "nil_return": "302 403 200 200 200 200 200 200 200 403",
    "organisation_create": "302 403 403 403 403 200 403 403 403 200",
    "organisation_detail": "302 403 403 403 200 200 200 200 403 200",
    "organisation_edit": "302 403 403 403 403 200 403 403 403 200",
    "organisation_import_commit": "302 403 403 403 403 302 403 403 403 302",
    "organisation_import_preview": "302 403 403 403 403 200 403 403 403 200",
    "organisation_import_result": "302 403 403 403 403 302 403 403 403 302",
    "organisation_import_upload": "302 403 403 403 403 200 403 403 403 200",
    "organisation_list": "302 403 403 403 200 200 200 200 403 200",
    "organisation_name_link": "302 403 403 403 403 302 403 403 403 302",
    "name_match_queue": "302 403 403 403 200 200 200 200 403 200",
    "name_match_search": "302 403 403 403 403 302 403 403 403 302",
    "name_match_decide": "302 403 403 403 403 302 403 403 403 302",
    "organisation_relationship_add": "302 403 403 403 403 200 403 403 403 200",
    "organisation_relationship_end": "302 403 403 403 403 200 403 403 403 200",
    "organisation_suggest": "302 403 403 403 200 200 200 200 403 200",
    "organisation_suggestions": "302 200 200 200 200 200 200 200 200 200",
    "organisation_unlinked_names": "302 403 403 403 200 200 200 200 403 200",
    # The Guardian sits on the governing body and is conflicted on the Part II item (ADR 0007).
    "paper_download": "302 404 200 403 403 200 403 200 404 200",
    "paper_upload": "302 404 403 403 403 200 403 403 404 200",
    "paper_withdraw": "302 403 403 403 403 302 403 403 403 302",
    "password_change": "302 200 200 200 200 200 200 200 200 200",
    "password_change_done": "302 200 200 200 200 200 200 200 200 200",
    "password_reset": "200 200 200 200 200 200 200 200 200 200",
    "password_reset_complete": "200 200 200 200 200 200 200 200 200 200",
    "password_reset_confirm": "200 200 200 200 200 200 200 200 200 200",
    "password_reset_done": "200 200 200 200 200 200 200 200 200 200",
    "people_list": "302 403 403 403 200 200 200 200 403 200",
    "person_create": "302 403 403 403 403 200 403 403 403 200",
    "person_detail": "302 403 403 403 200 200 200 200 403 200",
    "person_edit": "302 403 403 403 403 200 403 403 403 200",
    "person_invitation_resend": "302 403 403 403 403 302 403 403 403 302",
    "person_leave": "302 403 403 403 403 200 403 403 403 200",
    "privileged_actions": "302 403 403 403 403 200 200 200 403 200",
    "procurement_create": "302 403 403 403 403 200 403 403 403 200",
    "procurement_detail": "302 404 404 404 404 200 200 200 200 200",
    "procurement_edit": "302 404 404 404 404 200 403 403 403 200",
    # The conflict forecast (issue 18): the governance team and the procurement lead.
    "procurement_forecast": "302 404 404 404 404 200 403 403 403 200",
    # "May I discuss this with them?" (issue 18): staff entitled to know and not conflicted.
    "procurement_discussion": "302 404 404 404 404 200 403 200 403 200",
    "discussion_search": "302 200 200 200 200 200 200 200 200 200",
    "item_discussion": "302 404 403 403 403 200 403 200 404 200",
    # Open data (issue 18): the same published data for everyone; every dataset in every
    # format is checked for markers in tests/security/test_opendata_leaks.py.
    "opendata_index": "200 200 200 200 200 200 200 200 200 200",
    # The calendar link page is each member's own; a wrong token finds no feed.
    "calendar_link": "302 403 200 200 200 200 200 200 200 403",
    "calendar_feed": "404 404 404 404 404 404 404 404 404 404",
    "opendata_schema": "200 200 200 200 200 200 200 200 200 200",
    "opendata_dataset": "200 200 200 200 200 200 200 200 200 200",
    "opendata_csv": "200 200 200 200 200 200 200 200 200 200",
    "opendata_table_schema": "200 200 200 200 200 200 200 200 200 200",
    "procurement_list": "302 200 200 200 200 200 200 200 200 200",
    "procurement_register": "200 200 200 200 200 200 200 200 200 200",
    "procurement_register_csv": "200 200 200 200 200 200 200 200 200 200",
    "procurement_register_full": "302 403 403 403 403 200 200 200 403 200",
    "procurement_register_full_csv": "302 403 403 403 403 200 200 200 403 200",
    "procurement_stage_move": "302 404 404 404 404 400 403 403 403 400",
    "public_minutes": "404 404 404 404 404 404 404 404 404 404",
    "public_minutes_index": "200 200 200 200 200 200 200 200 200 200",
    "published_register": "200 200 200 200 200 200 200 200 200 200",
    "published_register_csv": "200 200 200 200 200 200 200 200 200 200",
    "recusal_matrix": "302 404 403 403 200 200 200 200 404 200",
    "register_campaign_close": "302 403 403 403 403 302 403 403 403 302",
    "register_campaign_detail": "302 403 403 403 200 200 200 200 403 200",
    "register_campaigns": "302 403 403 403 200 200 200 200 403 200",
    "register_full": "302 403 403 403 200 200 200 200 403 200",
    "register_full_csv": "302 403 403 403 200 200 200 200 403 200",
    "register_import_columns": "302 403 403 403 403 200 403 403 403 200",
    "register_import_commit": "302 403 403 403 403 302 403 403 403 302",
    "register_import_preview": "302 403 403 403 403 302 403 403 403 302",
    "register_import_result": "302 403 403 403 403 302 403 403 403 302",
    "register_import_refused_rows": "302 403 403 403 403 404 403 403 403 404",
    "register_import_upload": "302 403 403 403 403 200 403 403 403 200",
    "people_import_columns": "302 403 403 403 403 200 403 403 403 200",
    "people_import_commit": "302 403 403 403 403 302 403 403 403 302",
    "people_import_preview": "302 403 403 403 403 302 403 403 403 302",
    "people_import_result": "302 403 403 403 403 302 403 403 403 302",
    "people_import_upload": "302 403 403 403 403 200 403 403 403 200",
    "register_review_entry": "302 403 403 403 403 200 200 403 403 200",
    "register_review_queue": "302 403 403 403 403 200 200 403 403 200",
    "register_withholding_decide": "302 403 403 403 403 403 200 403 403 200",
    "two_factor_recovery_codes": "302 403 403 403 200 200 200 200 403 200",
    "two_factor_reset": "302 403 403 403 403 403 403 403 403 200",
    "two_factor_setup": "302 200 200 200 302 302 302 302 200 302",
    "two_factor_verify": "302 302 302 302 200 200 200 200 302 200",
    "declaration_settle": "302 404 403 403 200 200 403 403 404 200",
    "departure_stamp": "302 404 403 403 403 302 403 403 404 302",
    "erratum_new": "302 404 403 403 302 302 403 403 404 302",
    "suggestions_accept": "302 404 403 403 403 302 403 403 404 302",
    # PDFs, followed to the file: "pdf" is a PDF handed over (its text checked for markers).
    "document_check": "200 200 200 200 200 200 200 200 200 200",
    "document_download": "404 404 pdf 404 404 404 404 404 404 404",
    "document_status": "404 404 200 404 404 404 404 404 404 404",
    "gift_published_pdf": "pdf pdf pdf pdf pdf pdf pdf pdf pdf pdf",
    "gift_register_pdf": "302 403 403 403 pdf pdf pdf pdf 403 pdf",
    "meeting_agenda_pdf": "302 404 pdf pdf pdf pdf pdf pdf 404 pdf",
    "meeting_declarations_pdf": "302 404 403 403 pdf pdf 403 pdf 404 pdf",
    "meeting_pack_pdf": "302 404 pdf pdf pdf pdf pdf pdf 404 pdf",
    "minutes_mine_pdf": "302 404 pdf pdf pdf pdf pdf pdf 404 pdf",
    "minutes_part_two_pdf": "302 404 pdf pdf pdf pdf pdf pdf 404 pdf",
    "my_declarations_pdf": "302 403 pdf pdf pdf pdf pdf pdf pdf 403",
    "procurement_register_full_pdf": "302 403 403 403 403 pdf pdf pdf 403 pdf",
    "procurement_register_pdf": "pdf pdf pdf pdf pdf pdf pdf pdf pdf pdf",
    "public_minutes_pdf": "404 404 404 404 404 404 404 404 404 404",
    "published_register_pdf": "pdf pdf pdf pdf pdf pdf pdf pdf pdf pdf",
    "register_full_pdf": "302 403 403 403 pdf pdf pdf pdf 403 pdf",
    # Issue 16
    "audit_trail_csv": "302 403 403 403 403 200 200 200 403 200",
    "retention_review": "302 403 403 403 403 200 403 403 403 200",
    "conflict_declared": "302 404 403 403 403 302 403 403 404 302",
    "meeting_declarations_pending": "302 403 403 403 403 403 200 403 403 200",
    "meeting_declaration_in_error": "302 403 403 403 403 403 200 403 403 200",
    "breach_register": "302 403 403 403 403 200 200 200 403 200",
    "breach_register_csv": "302 403 403 403 403 200 200 200 403 200",
    "breach_register_pdf": "302 403 403 403 403 pdf pdf pdf 403 pdf",
    "breach_record": "302 403 403 403 403 200 200 403 403 200",
    "breach_checks_run": "302 403 403 403 403 403 302 403 403 302",
    "breach_detail": "302 403 403 403 403 200 200 200 403 200",
    "breach_review": "302 403 403 403 403 403 200 403 403 200",
    "breach_update": "302 403 403 403 403 403 200 403 403 200",
    "breaches_published": "200 200 200 200 200 200 200 200 200 200",
    "breaches_published_csv": "200 200 200 200 200 200 200 200 200 200",
    "breaches_published_pdf": "pdf pdf pdf pdf pdf pdf pdf pdf pdf pdf",
    "compliance_dashboard": "302 403 403 403 403 403 200 200 403 200",
    "compliance_figure": "302 403 403 403 403 403 200 200 403 200",
    "attestation_list": "302 403 403 403 403 403 200 200 403 200",
    "attestation_detail": "302 403 403 403 403 403 200 200 403 200",
    "attestation_pdf": "302 403 403 403 403 403 pdf pdf 403 pdf",
    "attestation_sign": "302 403 403 403 403 403 200 403 403 200",
    "audit_pack": "302 403 403 403 403 403 200 200 403 200",
    "audit_pack_pdf": "302 403 403 403 403 403 pdf pdf 403 pdf",
    "audit_pack_zip": "302 403 403 403 403 403 200 200 403 200",
    "audit_pack_zip_status": "302 403 403 403 403 403 404 200 403 404",
    "audit_pack_zip_download": "302 403 403 403 403 403 404 200 403 404",
}


def url_patterns() -> Iterator[tuple[str, str, str]]:
    """(route, name, namespace) of every pattern in the URLconf."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name or "", namespace

    yield from walk(get_resolver().url_patterns, "", "")


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode("utf-8", errors="ignore")
    if content.startswith(b"PK\x03\x04"):  # a zip of CSVs: read every file in it
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            text += "\n".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    if content.startswith(b"%PDF"):
        # Markers in a PDF are in its (compressed) text, or in an appended paper's bytes.
        try:
            reader = PdfReader(io.BytesIO(content))
            text += "\n".join(page.extract_text() or "" for page in reader.pages)
        except PdfReadError:
            pass  # a planted paper is a few bytes that only look like a PDF: read raw above
    return text


def _client(world: World, identity: str) -> Client:
    client = Client(raise_request_exception=False)
    user = world.users[identity]
    if user is not None:
        login(client, user)
    return client


def _outcome(response: Any, followed: bool) -> str:
    """The status; for a followed request, "302" if sent to sign in, "pdf" if handed a PDF."""
    chain = getattr(response, "redirect_chain", [])
    if chain and chain[0][0].startswith(reverse("login")):
        return "302"
    if (
        followed
        and response.get("Content-Type") == "application/pdf"
        and response.status_code == 200
    ):
        return "pdf"
    return str(response.status_code)


def _request(client: Client, url: str, follow: bool = False) -> tuple[str, Any]:
    if follow:
        # The document job is queued on commit: run it, then follow on to the stored file.
        with TestCase.captureOnCommitCallbacks(execute=True):
            first = client.get(url)
        if first.status_code != 302:
            return "GET", first
        location = first["Location"]
        if location.startswith(_JOB_PAGES) and not location.endswith("/download/"):
            location += "download/"  # ready now the job has run
        response = client.get(location, follow=True)
        response.redirect_chain.insert(0, (first["Location"], first.status_code))
        return "GET", response
    response = client.get(url)
    if response.status_code != 405:
        return "GET", response
    with transaction.atomic():
        response = client.post(url, {})
        transaction.set_rollback(True)
    return "POST", response


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return urls


FOLLOWED = {name for name in ROUTES if name.endswith("_pdf")} | {
    "document_download",
    "audit_pack_zip",
}
_JOB_PAGES = ("/documents/", "/compliance/pack/zip/")


def _issue_a_pack(world: World) -> str:
    """A document stored for one person (the clear member's pack), to ask others for."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = document_request(
            kind=PACK,
            params={"meeting": str(world.ids["meeting"])},
            user=world.users["clear_member"],
            check_url="http://testserver/documents/check/",
        )
    return document.reference


def _zip_a_pack(world: World) -> Any:
    """A zip of the audit pack's CSVs made for the auditor, to ask others for."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = pack_zip_request(user=world.users["auditor"], year=world.ids["year"])
    return job.token


def test_every_url_pattern_for_every_identity(story_published: Any) -> None:
    world = build_world(story_published)
    world.ids["issued"] = _issue_a_pack(world)  # type: ignore[assignment]
    world.ids["pack_zip"] = _zip_a_pack(world)
    patterns = [(route, name) for route, name, ns in url_patterns() if ns != "admin"]
    missing = sorted({name or route for route, name in patterns} - set(ROUTES) - set())
    assert not missing, f"URL patterns with no entry in the permission matrix: {missing}"
    names = sorted({name for _, name in patterns})
    assert set(EXPECTED) == set(names) or os.environ.get("MATRIX_PRINT"), sorted(
        set(names) ^ set(EXPECTED)
    )

    actual: dict[str, list[str]] = {name: [] for name in names}
    leaks: list[str] = []
    seen: set[str] = set()
    requests = 0
    for identity in IDENTITIES:
        client = _client(world, identity)
        for name in names:
            url = reverse(name, kwargs=ROUTES[name](world.ids))
            method, response = _request(client, url, follow=name in FOLLOWED)
            requests += 1 if method == "GET" else 2
            actual[name].append(_outcome(response, name in FOLLOWED))
            body = _body(response)
            for marker, forbidden in FORBIDDEN.items():
                if marker not in body:
                    continue
                if identity in forbidden:
                    leaks.append(f"{marker} reached {identity} at {method} {url}")
                else:
                    seen.add(marker)
            if method == "POST":
                client = _client(world, identity)  # a POST may have signed them out
        for url in _admin_urls():
            response = client.get(url)
            requests += 1
            expected_admin = {"anonymous": 302, "administrator": 200}.get(identity, 302)
            if response.status_code != expected_admin:
                leaks.append(f"admin {url} gave {identity} {response.status_code}")
    if os.environ.get("MATRIX_PRINT"):
        for name in names:
            print(f'    "{name}": "{" ".join(actual[name])}",')
        print(f"MATRIX {len(names)} patterns x {len(IDENTITIES)} identities, {requests} requests")
    wrong = [
        f"{name}: expected {EXPECTED.get(name)} got {' '.join(actual[name])}"
        for name in names
        if EXPECTED.get(name) != " ".join(actual[name])
    ]
    assert not leaks, leaks
    # Every marker is really planted: someone allowed to see it does.
    assert seen == set(FORBIDDEN), set(FORBIDDEN) - seen
    assert not wrong, "\n".join(wrong)
