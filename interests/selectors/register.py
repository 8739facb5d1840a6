"""Reading the register of interests: the full register, the published one, a member's own."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from interests import hooks
from interests.models import Declaration, DeclarationCampaign, Interest, Member
from interests.models.interests import LATE_DECLARATION_DAYS
from interests.presenters import RegisterRow, register_rows

PUBLISHED_AFTER_END_DAYS = 183  # ended interests stay published for at least 6 months


def register_entries() -> QuerySet[Interest]:
    """Every declared entry (not drafts), with what the register pages show."""
    return Interest.objects.declared().select_related(
        "declarant", "organisation", "reviewed_by", "withholding_decided_by"
    )


def published_cutoff(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=PUBLISHED_AFTER_END_DAYS)


def published_entries(today: datetime.date | None = None) -> QuerySet[Interest]:
    """What the public sees: decision-makers' declared entries, not withheld, current or
    ended within the last six months, of people still here or who left within the last six
    months (a leaver's entries then leave the published register; the full register keeps
    them)."""
    today = today or timezone.localdate()
    cutoff = published_cutoff(today)
    return (
        register_entries()
        .filter(declarant__is_decision_maker=True)
        .exclude(withholding__in=[Interest.Withholding.APPROVED, Interest.Withholding.REQUESTED])
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=cutoff))
        .filter(Q(declarant__left_on__isnull=True) | Q(declarant__left_on__gte=cutoff))
        .order_by("declarant__last_name", "declarant__first_name", "-start_date", "id")
    )


@dataclass(frozen=True)
class NilReturn:
    member: Member
    made_at: datetime.datetime


def published_nil_returns(today: datetime.date | None = None) -> list[NilReturn]:
    """Decision-makers whose latest statement is a nil return and who have no published
    entry, in one query whatever the number of people or statements."""
    today = today or timezone.localdate()
    with_entries = published_entries(today).order_by().values("declarant_id")
    latest = Declaration.objects.filter(member=OuterRef("pk")).order_by("-made_at", "-pk")
    members = (
        Member.objects.filter(is_decision_maker=True, is_active=True)
        .exclude(pk__in=with_entries)
        .annotate(
            latest_kind=Subquery(latest.values("kind")[:1]),
            latest_at=Subquery(latest.values("made_at")[:1]),
        )
        .filter(latest_kind=Declaration.Kind.NIL_RETURN)
        .order_by("last_name", "first_name", "pk")
    )
    return [NilReturn(member, member.latest_at) for member in members]


# Rows read from the database at a time by a CSV download: memory stays flat whatever the
# register's size (a server-side cursor on PostgreSQL).
CSV_BATCH_ROWS = 500


def register_rows_streamed(
    entries: QuerySet[Interest], batch_size: int = CSV_BATCH_ROWS
) -> Iterator[RegisterRow]:
    """Every entry as a register row, read in batches: each batch's positions held in two
    queries, so neither the rows nor the positions are ever all in memory."""
    batch: list[Interest] = []
    for interest in entries.iterator(chunk_size=batch_size):
        batch.append(interest)
        if len(batch) == batch_size:
            yield from register_rows(batch, positions_held({i.declarant_id for i in batch}))
            batch = []
    if batch:
        yield from register_rows(batch, positions_held({i.declarant_id for i in batch}))


def register_last_updated() -> datetime.datetime | None:
    return Interest.objects.declared().aggregate(latest=Max("updated_at"))["latest"]


def positions_held(
    member_ids: Iterable[int], today: datetime.date | None = None
) -> dict[int, list[str]]:
    """Each member's job title and current committee places, in two queries."""
    today = today or timezone.localdate()
    ids = set(member_ids)
    positions: dict[int, list[str]] = defaultdict(list)
    for member in Member.objects.filter(pk__in=ids).only("pk", "job_title", "left_on"):
        if member.left_on is not None:
            # A leaver holds no position now: say what they held, and until when.
            held = member.job_title or "Left the organisation"
            positions[member.pk].append(f"{held} until {member.left_on:%-d %B %Y}")
        elif member.job_title:
            positions[member.pk].append(member.job_title)
    for member_id, places in hooks.committee_places(ids, today).items():
        positions[member_id].extend(places)
    return dict(positions)


@dataclass
class MyDeclarations:
    drafts: list[Interest]
    current: list[Interest]
    past: list[Interest]
    overdue_drafts: list[Interest]
    open_campaign: DeclarationCampaign | None
    campaign_answer: Declaration | None
    last_declaration: Declaration | None
    gifts: list = field(default_factory=list)

    @property
    def has_nothing_declared(self) -> bool:
        return not (self.drafts or self.current)

    @property
    def campaign_due(self) -> bool:
        return self.open_campaign is not None and self.campaign_answer is None


def my_declarations(member: Member, today: datetime.date | None = None) -> MyDeclarations:
    today = today or timezone.localdate()
    entries = list(member.interests.select_related("organisation").order_by("-start_date", "-id"))
    drafts = [i for i in entries if i.is_draft]
    declared = [i for i in entries if not i.is_draft]
    current = [i for i in declared if i.end_date is None or i.end_date >= today]
    past = [i for i in declared if i.end_date is not None and i.end_date < today]
    overdue = [
        i
        for i in drafts
        if i.start_date is not None and (today - i.start_date).days > LATE_DECLARATION_DAYS
    ]
    campaign = (
        DeclarationCampaign.objects.filter(closed_at__isnull=True).order_by("-opened_at").first()
    )
    answer = campaign.declarations.filter(member=member).first() if campaign else None
    last = member.declarations.order_by("-made_at").first()
    gifts = list(
        member.gifts.select_related("offered_by_organisation").order_by("-offered_on", "-id")
    )
    return MyDeclarations(drafts, current, past, overdue, campaign, answer, last, gifts)


@dataclass(frozen=True)
class CampaignProgress:
    campaign: DeclarationCampaign
    answered: list[Declaration]
    outstanding: list[Member]

    @property
    def expected(self) -> int:
        return len(self.answered) + len(self.outstanding)


def campaign_progress(campaign: DeclarationCampaign) -> CampaignProgress:
    answered = list(campaign.declarations.select_related("member").order_by("member__last_name"))
    answered_ids = {d.member_id for d in answered}
    outstanding = list(
        Member.objects.filter(is_decision_maker=True, is_active=True)
        .exclude(pk__in=answered_ids)
        .order_by("last_name", "first_name")
    )
    return CampaignProgress(campaign, answered, outstanding)


def review_queue(exclude_member: Member | None = None) -> QuerySet[Interest]:
    entries = register_entries().filter(status=Interest.Status.SUBMITTED).order_by("submitted_at")
    if exclude_member is not None:
        entries = entries.exclude(declarant=exclude_member)
    return entries


def withholding_requests(exclude_member: Member | None = None) -> QuerySet[Interest]:
    entries = register_entries().filter(withholding=Interest.Withholding.REQUESTED)
    if exclude_member is not None:
        entries = entries.exclude(declarant=exclude_member)
    return entries.order_by("updated_at")


def search_published(
    entries: QuerySet[Interest], *, person: str = "", organisation: str = "", text: str = ""
) -> QuerySet[Interest]:
    for word in person.split()[:5]:
        entries = entries.filter(
            Q(declarant__first_name__icontains=word) | Q(declarant__last_name__icontains=word)
        )
    if organisation.strip():
        value = organisation.strip()
        entries = entries.filter(
            Q(organisation__name__icontains=value)
            | Q(organisation_name__icontains=value)
            | Q(organisation__ods_code__iexact=value)
        )
    for word in text.split()[:8]:
        entries = entries.filter(
            Q(declarant__first_name__icontains=word)
            | Q(declarant__last_name__icontains=word)
            | Q(declarant__job_title__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation_name__icontains=word)
            | Q(description__icontains=word)
            | Q(action_taken__icontains=word)
        )
    return entries
