"""The demo meetings: the governing body deciding the out-of-hours award, the strategic
management team split in two, and last month's meeting with approved minutes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ccg_governance.demo.documents import simple_pdf
from ccg_governance.demo.organisations import (
    CHARITY,
    FEDERATION,
    GOVERNING_BODY,
)
from ccg_governance.demo.procurements import seed_procurements
from interests.models import Member, Organisation
from meetings.models import AgendaItem, Attendance, Committee, CommitteeMembership, Meeting
from meetings.selectors.conflicts import meeting_conflicts
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.services import agenda as agenda_services
from meetings.services import committees as committee_services
from meetings.services import conduct as conduct_services
from meetings.services import meetings as meeting_services
from meetings.services.papers import paper_upload
from procurements.models import Lot
from procurements.services.awards import award_record
from recusal import Action

SMT = "Strategic Management Team"
PROCUREMENT_REFERENCE = "NCCG/2026/014"


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed_reserve_and_quorum(actor: Any, members: dict[str, Member]) -> Committee:
    committee = Committee.objects.get(name=GOVERNING_BODY)
    if committee.quorum_minimum_voting == 1:
        committee_services.committee_save(
            actor=actor,
            committee=committee,
            name=committee.name,
            description=committee.description,
            quorum_minimum_voting=6,
        )
        committee_services.committee_role_requirement_set(
            actor=actor, committee=committee, professional_role="gp", minimum=2
        )
        committee_services.committee_role_requirement_set(
            actor=actor, committee=committee, professional_role="lay", minimum=1
        )
    for username in ("reserve.north", "reserve.fenwick"):
        if not committee.reserve.filter(member=members[username]).exists():
            committee_services.reserve_add(
                actor=actor,
                committee=committee,
                member=members[username],
                note="GP from Southfield CCG",
            )
    return committee


def seed_smt(actor: Any, members: dict[str, Member]) -> Committee:
    committee, created = Committee.objects.get_or_create(
        name=SMT,
        defaults={"description": "Weekly management meeting.", "quorum_minimum_voting": 3},
    )
    if created:
        roles = {
            "ao.carter": "chair",
            "cfo.morgan": "vice_chair",
            "chair": "member",
            "gp.singh": "member",
            "guardian": "member",
        }
        for username, role in roles.items():
            CommitteeMembership.objects.create(
                committee=committee,
                member=members[username],
                role=role,
                start_date=datetime.date(2020, 4, 1),
            )
    return committee


def _paper(actor: Any, item: AgendaItem, title: str, lines: list[str]) -> None:
    upload = SimpleUploadedFile(
        f"{title}.pdf", simple_pdf(title, lines), content_type="application/pdf"
    )
    paper_upload(actor=actor, item=item, title=title, upload=upload)


def _items(actor: Any, meeting: Meeting, specs: list[dict[str, Any]]) -> dict[str, AgendaItem]:
    items = {}
    for spec in specs:
        papers = spec.pop("papers", [])
        items[spec["title"]] = item = agenda_services.item_save(
            actor=actor, meeting=meeting, **spec
        )
        for title, lines in papers:
            _paper(actor, item, title, lines)
    return items


def seed_governing_body_meeting(
    actor: Any,
    members: dict[str, Member],
    lots: dict[str, Lot],
    organisations: dict[str, Organisation],
) -> Meeting:
    committee = Committee.objects.get(name=GOVERNING_BODY)
    existing = Meeting.objects.filter(committee=committee, status=Meeting.Status.DRAFT).first()
    if existing:
        return existing
    meeting = meeting_services.meeting_create(
        actor=actor,
        committee=committee,
        starts_at=_at(14, 14),
        location="Board room, Northfield House",
        title="Governing Body (meeting in public)",
    )
    agenda_services.attendee_add(
        actor=actor,
        meeting=meeting,
        member=members["secretary"],
        kind=Attendance.Kind.IN_ATTENDANCE,
    )
    _items(
        actor,
        meeting,
        [
            {"title": "Minutes of the last meeting", "purpose": "decision", "part": "I"},
            {
                "title": "Finance report, month 7",
                "purpose": "information",
                "part": "I",
                "presenter": "James Morgan",
                "papers": [
                    ("Finance report month 7", ["Year-to-date position: GBP 0.4m underspend."])
                ],
            },
            {
                "title": "Day services for older people: options",
                "purpose": "discussion",
                "part": "I",
                "affected_organisations": [organisations[CHARITY]],
                "papers": [("Day services options appraisal", ["Three options for day services."])],
            },
            {
                "title": "Award of the community services contract",
                "purpose": "decision",
                "part": "II",
                "lot_id": lots["community"].pk,
                "presenter": "Helen Carter",
                "papers": [
                    (
                        "Lot 1 evaluation report",
                        ["Commercially confidential.", "Evaluation scores by bidder."],
                    )
                ],
            },
            {
                "title": "Award of the out-of-hours contract",
                "purpose": "decision",
                "part": "II",
                "lot_id": lots["out_of_hours"].pk,
                "presenter": "Helen Carter",
                "title_is_confidential": True,
                "papers": [
                    (
                        "Lot 2 evaluation report",
                        ["Commercially confidential.", "Evaluation scores by bidder."],
                    )
                ],
            },
        ],
    )
    return meeting


def seed_smt_meeting(actor: Any, members: dict[str, Member], lots: dict[str, Lot]) -> Meeting:
    committee = Committee.objects.get(name=SMT)
    existing = Meeting.objects.filter(committee=committee).first()
    if existing:
        return existing
    meeting = meeting_services.meeting_create(
        actor=actor,
        committee=committee,
        starts_at=_at(3, 9, 30),
        location="Meeting room 2",
        title="Strategic Management Team (weekly)",
    )
    _items(
        actor,
        meeting,
        [
            {"title": "Winter plan", "purpose": "discussion", "part": "I"},
            {
                "title": "Re-procurement: dialogue with bidders, lot 1",
                "purpose": "discussion",
                "part": "II",
                "lot_id": lots["community"].pk,
            },
            {"title": "Running costs", "purpose": "information", "part": "I"},
            {
                "title": "Re-procurement: dialogue with bidders, lot 2",
                "purpose": "discussion",
                "part": "II",
                "lot_id": lots["out_of_hours"].pk,
            },
        ],
    )
    meeting_services.meeting_publish_agenda(actor=actor, meeting=meeting)
    return meeting


def seed_past_meeting(
    actor: Any,
    members: dict[str, Member],
    lots: dict[str, Lot],
    organisations: dict[str, Organisation],
) -> Meeting:
    committee = Committee.objects.get(name=GOVERNING_BODY)
    existing = Meeting.objects.filter(
        committee=committee, status=Meeting.Status.MINUTES_APPROVED
    ).first()
    if existing:
        return existing
    meeting = meeting_services.meeting_create(
        actor=actor,
        committee=committee,
        starts_at=_at(-28, 14),
        location="Board room, Northfield House",
        title="Governing Body (meeting in public)",
    )
    for username in ("reserve.north", "reserve.fenwick"):
        agenda_services.attendee_add(
            actor=actor, meeting=meeting, member=members[username], kind=Attendance.Kind.CO_OPTED
        )
    items = _items(
        actor,
        meeting,
        [
            {
                "title": "Extended access: award of the contract",
                "purpose": "decision",
                "part": "I",
                "lot_id": lots["extended_access"].pk,
            },
            {
                "title": "Community and out-of-hours procurement: evaluation criteria",
                "purpose": "decision",
                "part": "II",
                "lot_id": lots["out_of_hours"].pk,
            },
        ],
    )
    times = {
        "I": (datetime.time(14, 20), datetime.time(14, 45)),
        "II": (datetime.time(15, 5), datetime.time(15, 40)),
    }
    conflicts = meeting_conflicts(meeting, meeting_assessment(meeting))
    for item in items.values():
        for conflict in conflicts.get(item.pk, []):
            if conflict.suggested is None:
                continue
            left, returned = (
                times[item.part] if conflict.suggested <= Action.LEAVE_ROOM else (None, None)
            )
            member = Member.objects.get(pk=conflict.member_id)
            # Everyone declared their interest when the item came up, but for one GP on the
            # Part II item: the breaches register's checks raise that for the Guardian.
            forgot = item.part == "II" and member == members["gp.singh"]
            if conflict.reasons and not forgot:
                conduct_services.conflict_declared_record(actor=actor, item=item, member=member)
            conduct_services.conflict_decision_record(
                actor=actor,
                item=item,
                member=member,
                action=conflict.suggested,
                left_at=left,
                returned_at=returned,
            )
    conduct_services.item_minutes_save(
        actor=actor,
        item=items["Extended access: award of the contract"],
        text="The governing body approved a six-month variation to the extended access contract. "
        "Dr Clarke and the co-opted GPs from Southfield CCG formed the clinical quorum.",
    )
    conduct_services.item_minutes_save(
        actor=actor,
        item=items["Community and out-of-hours procurement: evaluation criteria"],
        text=(
            "The evaluation criteria and weightings were approved: "
            "quality 60%, price 30%, social value 10%."
        ),
    )
    meeting_services.meeting_publish_agenda(actor=actor, meeting=meeting)
    meeting_services.meeting_mark_held(actor=actor, meeting=meeting)
    meeting_services.meeting_approve_minutes(actor=actor, meeting=meeting)
    award_item = items["Extended access: award of the contract"]
    award_record(
        actor=actor,
        lot=lots["extended_access"],
        bid=lots["extended_access"].bids.get(organisation=organisations[FEDERATION]),
        decided_on=meeting.date,
        how_decided=(
            "Decided by the Governing Body (meeting in public) under the Provider Selection "
            "Regime's most suitable provider process; GP members conflicted through the "
            "federation left the room and two GPs from Southfield CCG were co-opted."
        ),
        contract_value=Decimal("1250000"),
        agenda_item=award_item,
        comments="Two-year contract from 1 April, with an option to extend by one year.",
    )
    return meeting


def seed_meetings(members: dict[str, Member], organisations: dict[str, Organisation]) -> None:
    actor = members["secretary"].user
    lots = seed_procurements(members, organisations)
    seed_reserve_and_quorum(actor, members)
    seed_smt(actor, members)
    seed_past_meeting(actor, members, lots, organisations)
    seed_governing_body_meeting(actor, members, lots, organisations)
    seed_smt_meeting(actor, members, lots)
