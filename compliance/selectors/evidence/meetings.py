"""Figures from meetings and procurements: minutes missing the chair's decision on a
recorded conflict, people kept from an item's papers who received or downloaded them
(expected none, with the query that shows it), and evaluators who have not declared."""

from __future__ import annotations

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission

from compliance.selectors.evidence.types import Behind, Figure, Period, day
from core.models import AuditEvent
from meetings.models import ConflictDecision, Meeting, MeetingDeclaration, Paper
from procurements.models import PanelMember
from recusal import Action

_SETTLED_MEETINGS = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
# The chair's decisions that keep someone from an item's papers.
KEPT_FROM_PAPERS = (Action.NOT_ATTEND, Action.NO_PAPERS)
PAPER_DOWNLOADED = "paper.downloaded"


def minutes_lacking_decisions(period: Period) -> Figure:
    """Held meetings in the year where a conflict declared at the meeting has no decision:
    about an item, no chair's decision on it; about no item, not settled either way."""
    declarations = list(
        MeetingDeclaration.objects.standing()
        .filter(
            meeting__status__in=_SETTLED_MEETINGS,
            meeting__starts_at__gte=period.start_at,
            meeting__starts_at__lt=period.end_at,
        )
        .select_related("meeting__committee", "member", "item")
        .order_by("meeting__starts_at", "pk")
    )
    decided = set(
        ConflictDecision.objects.filter(
            item__meeting_id__in={d.meeting_id for d in declarations}
        ).values_list("item_id", "member_id")
    )
    behind = []
    meetings = set()
    for declaration in declarations:
        if declaration.item is not None:
            if (declaration.item_id, declaration.member_id) in decided:
                continue
            what = f"Declared on item {declaration.item.number}: no chair's decision recorded"
        else:
            if declaration.settled_at is not None:
                continue
            what = "Declared at the meeting: not settled"
        meeting = declaration.meeting
        meetings.add(meeting.pk)
        behind.append(
            Behind(
                declaration.member.full_name,
                f"{meeting.display_title}: {what}",
                meeting.display_title,
                declaration.member_id,
            )
        )
    return Figure(
        "minutes",
        "Meetings whose minutes lack a chair's decision on a declared conflict",
        len(meetings),
        hint=f"Meetings held in {period.year}.",
        behind_heading="Conflicts without a decision",
        behind=behind,
    )


def _kept_from_papers(period: Period) -> QuerySet[ConflictDecision]:
    return ConflictDecision.objects.filter(
        action__in=list(KEPT_FROM_PAPERS),
        item__meeting__starts_at__gte=period.start_at,
        item__meeting__starts_at__lt=period.end_at,
        member__user__isnull=False,
    )


def paper_downloads_query(period: Period) -> QuerySet[AuditEvent]:
    """The evidence query: every download in the audit trail of a paper for an item whose
    chair kept the downloader from its papers. Nothing should match."""
    decisions = _kept_from_papers(period)
    papers = Paper.objects.filter(item__in=decisions.values("item")).annotate(
        key=Cast("pk", CharField())
    )
    return AuditEvent.objects.filter(
        action=PAPER_DOWNLOADED,
        object_type="meetings.paper",
        object_id__in=papers.values("key"),
        actor__member__in=decisions.values("member"),
    ).order_by("at", "pk")


def papers_to_conflicted(period: Period) -> Figure:
    decisions = list(_kept_from_papers(period).select_related("member", "item__meeting"))
    kept: dict[tuple[int | None, int | None], ConflictDecision] = {
        (d.member.user_id, d.item_id): d for d in decisions
    }
    papers = dict(
        Paper.objects.filter(item_id__in={d.item_id for d in decisions}).values_list(
            "pk", "item_id"
        )
    )
    query = paper_downloads_query(period)
    behind = []
    for actor_id, object_id, at in query.values_list("actor_id", "object_id", "at"):
        decision = kept.get((actor_id, papers.get(int(object_id))))
        if decision is None:
            continue  # the query matched another item's exclusion: not this one's
        behind.append(
            Behind(
                decision.member.full_name,
                f"Downloaded a paper for item {decision.item.number} at "
                f"{decision.item.meeting.display_title} on {day(at)}",
                member_id=decision.member_id,
            )
        )
    # Sent: still holding the permission to open the paper (the pack carries it).
    holding = UserObjectPermission.objects.filter(
        permission__codename="view_paper",
        content_type__app_label="meetings",
        object_pk__in=[str(pk) for pk in papers],
        user_id__in={user_id for user_id, _ in kept},
    ).values_list("user_id", "object_pk")
    for user_id, object_pk in holding:
        decision = kept.get((user_id, papers.get(int(object_pk))))
        if decision is None:
            continue
        behind.append(
            Behind(
                decision.member.full_name,
                f"May open a paper for item {decision.item.number} at "
                f"{decision.item.meeting.display_title}",
                member_id=decision.member_id,
            )
        )
    return Figure(
        "papers",
        "Conflicted people sent or downloading an item's papers",
        len(behind),
        hint="Expected none: people the chair kept from an item's papers, in the year.",
        behind_heading="Papers reaching someone kept from them",
        behind=behind,
        expected_none=True,
        evidence_query=(
            f"For the {len(decisions)} chair's decisions in {period.year} that kept someone "
            "from an item's papers (does not attend, or does not receive the papers), every "
            f"'{PAPER_DOWNLOADED}' entry in the audit trail by that person for a paper of "
            "that item, and every permission they still hold to open one."
        ),
        evidence_sql=str(query.query),
    )


def panels_missing_declarations(period: Period) -> Figure:
    places = list(
        PanelMember.objects.filter(
            Q(status=PanelMember.Status.AWAITING_DECLARATION),
            added_at__lt=period.end_at,
        )
        .select_related("member", "lot__procurement")
        .order_by("lot__procurement__reference", "lot__number", "member__last_name")
    )
    return Figure(
        "panels",
        "Evaluators who have not signed their declaration",
        len(places),
        hint="Panel places awaiting a declaration, as they stand today.",
        behind_heading="Panel places awaiting a declaration",
        behind=[
            Behind(
                p.member.full_name,
                f"{p.lot.procurement.reference} {p.lot.label}, on the panel since "
                f"{day(p.added_at)}",
                p.lot.procurement.reference,
                p.member_id,
            )
            for p in places
        ],
    )
