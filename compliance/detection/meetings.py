"""Likely breaches in the record of meetings whose minutes are approved (the record is then
settled): a conflicted person who declared nothing, and an excluded person recorded present.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from compliance.detection.findings import Evidence, Finding, day_text
from interests.models import Interest
from meetings.models import Attendance, ConflictDecision, Meeting, MeetingDeclaration
from meetings.selectors.conflicts import meeting_conflicts
from meetings.selectors.recusal_facts import meeting_assessment
from recusal import Action

UNDECLARED = "undeclared_conflict"
EXCLUDED_PRESENT = "excluded_present"


def approved_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(status=Meeting.Status.MINUTES_APPROVED).select_related(
        "committee"
    )


def _on_the_register(interest: Interest, meeting: Meeting) -> str:
    """Whether the entry was on the register when the meeting took place (evidence)."""
    if interest.is_draft:
        return "A draft, not yet on the register"
    if interest.submitted_at is None:
        return "On the register (imported from an earlier register)"
    when = day_text(interest.submitted_at.date())
    if interest.submitted_at <= meeting.starts_at:
        return f"On the register since {when}, before the meeting"
    return f"Added to the register on {when}, after the meeting"


def _meeting_undeclared(meeting: Meeting) -> list[Finding]:
    conflicts = meeting_conflicts(meeting, meeting_assessment(meeting))
    declared: set[tuple[int, int | None]] = set(
        MeetingDeclaration.objects.standing()
        .filter(meeting=meeting)
        .values_list("member_id", "item_id")
    )
    interest_ids = {r.interest_id for rows in conflicts.values() for c in rows for r in c.reasons}
    interests = {i.pk: i for i in Interest.objects.filter(pk__in=interest_ids)}
    findings = []
    for item_id, rows in conflicts.items():
        for conflict in rows:
            if not conflict.reasons:
                continue  # declared at the meeting only: they did declare
            about_it_or_in_general = {(conflict.member_id, item_id), (conflict.member_id, None)}
            if about_it_or_in_general & declared:
                continue
            item = conflict.item
            evidence = [
                Evidence.of("Meeting", meeting),
                Evidence.of("Agenda item", item),
            ]
            for reason in conflict.reasons:
                interest = interests.get(reason.interest_id)
                if interest is not None:
                    evidence.append(
                        Evidence.of(
                            "Register entry", interest, text=_on_the_register(interest, meeting)
                        )
                    )
            if conflict.decision is not None:
                evidence.append(Evidence.of("The chair's decision", conflict.decision))
            evidence.append(
                Evidence("Declarations at the meeting", "None by them, about this item or any")
            )
            findings.append(
                Finding(
                    rule=UNDECLARED,
                    key=f"{UNDECLARED}:item:{item_id}:member:{conflict.member_id}",
                    member_id=conflict.member_id,
                    occurred_on=meeting.date,
                    what_happened=(
                        f"{conflict.full_name} had an interest that conflicted them on item "
                        f"{item.number} at {meeting.display_title}, and made no declaration "
                        "of interest at the meeting."
                    ),
                    evidence=evidence,
                )
            )
    return findings


def undeclared_conflicts(today: datetime.date) -> list[Finding]:
    """Someone present whom the engine found conflicted on an item, who declared nothing at
    the meeting (neither about that item nor in general)."""
    findings: list[Finding] = []
    for meeting in approved_meetings():
        findings += _meeting_undeclared(meeting)
    return findings


_LEAVES_ROOM = (Action.NO_PAPERS, Action.LEAVE_ROOM)


def excluded_present(today: datetime.date) -> list[Finding]:
    """The chair excluded someone from the meeting, or from the room for an item, and the
    approved minutes record them there: present at a meeting they were not to attend, or no
    time at which they left the room."""
    decisions = list(
        ConflictDecision.objects.filter(
            item__meeting__status=Meeting.Status.MINUTES_APPROVED,
            action__in=[Action.NOT_ATTEND, *_LEAVES_ROOM],
        ).select_related("member", "item__meeting__committee")
    )
    present = set(
        Attendance.objects.filter(
            meeting_id__in={d.item.meeting_id for d in decisions}, apologies=False
        ).values_list("meeting_id", "member_id")
    )
    findings = []
    for decision in decisions:
        meeting = decision.item.meeting
        if decision.action == Action.NOT_ATTEND:
            if (meeting.pk, decision.member_id) not in present:
                continue
            happened = (
                f"The chair decided that {decision.member.full_name} would not attend "
                f"{meeting.display_title} because of a conflict on item "
                f"{decision.item.number}, and the minutes record them as present."
            )
            record = "Recorded as present at the meeting"
        else:
            if decision.left_at is not None:
                continue
            happened = (
                f"The chair decided that {decision.member.full_name} would leave the room for "
                f"item {decision.item.number} at {meeting.display_title}, and the minutes "
                "record no time at which they left."
            )
            record = "No time recorded for leaving the room"
        findings.append(
            Finding(
                rule=EXCLUDED_PRESENT,
                key=f"{EXCLUDED_PRESENT}:decision:{decision.pk}",
                member_id=decision.member_id,
                occurred_on=meeting.date,
                what_happened=happened,
                evidence=[
                    Evidence.of("Meeting", meeting),
                    Evidence.of("The chair's decision", decision),
                    Evidence("What the minutes record", record),
                ],
            )
        )
    return findings
