"""Reading the register of gifts and hospitality: a member's own, the full and the published."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.csv_export import csv_datetime
from interests.gift_rules import GiftThresholds, Guidance, gift_guidance
from interests.models import GiftOrHospitality, Member
from interests.selectors.register import positions_held

REGISTER_PERMISSION = "interests.view_gifts_register"


def member_for_user(user: Any) -> Member | None:
    """The Member record of a signed-in person, if they have one."""
    if not user.is_authenticated:
        return None
    return getattr(user, "member", None)


def gifts_register() -> QuerySet[GiftOrHospitality]:
    """Every entry, with what the register pages show, newest offer first."""
    return GiftOrHospitality.objects.select_related(
        "recipient", "offered_by_organisation"
    ).order_by("-offered_on", "-id")


def gifts_of(member: Member) -> list[GiftOrHospitality]:
    return list(gifts_register().filter(recipient=member))


def gift_for_user(user: Any, pk: int) -> GiftOrHospitality:
    """An entry the person may read: their own, or any if they keep or audit the register.

    404 when there is no such entry; 403 when it is someone else's (members know
    the register exists and that colleagues have entries in it).
    """
    gift = gifts_register().filter(pk=pk).first()
    if gift is None:
        raise Http404("No such gift or hospitality entry")
    member = member_for_user(user)
    if member is not None and gift.recipient_id == member.pk:
        return gift
    if user.has_perm(REGISTER_PERMISSION):
        return gift
    raise PermissionDenied("This entry belongs to someone else.")


def gift_for_owner(user: Any, pk: int) -> tuple[GiftOrHospitality, Member]:
    """An entry the person may correct: only their own, whoever else may read it."""
    gift = gifts_register().filter(pk=pk).first()
    if gift is None:
        raise Http404("No such gift or hospitality entry")
    member = member_for_user(user)
    if member is None or gift.recipient_id != member.pk:
        raise PermissionDenied("Only the person who received the offer can correct it.")
    return gift, member


def guidance_for(gift: GiftOrHospitality, thresholds: GiftThresholds | None = None) -> Guidance:
    return gift_guidance(
        gift.kind,
        gift.estimated_value,
        gift.offerer_is_supplier,
        gift.is_cash_or_voucher,
        thresholds or GiftThresholds.from_settings(),
    )


@dataclass(frozen=True)
class Version:
    at: datetime.datetime
    by: str
    reason: str
    summary: str


def gift_history(gift: GiftOrHospitality) -> list[Version]:
    """Every saved version, newest first, with who saved it and why."""
    records = gift.history.select_related("history_user").order_by("-history_date", "-pk")
    versions = []
    for record in records:
        user = record.history_user
        by = ""
        if user is not None:
            member = getattr(user, "member", None)
            by = member.full_name if member else user.get_username()
        versions.append(
            Version(
                at=record.history_date,
                by=by,
                reason=record.history_change_reason or "",
                summary=(
                    f"£{record.estimated_value:,.2f}, {record.get_outcome_display().lower()}, "
                    f"offered {record.offered_on:%d %B %Y}"
                ),
            )
        )
    return versions


# --- The published register ------------------------------------------------


def published_window_start(today: datetime.date) -> datetime.date:
    """The first day of the previous financial year (financial years start on 1 April)."""
    start_year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(start_year - 1, 4, 1)


@dataclass(frozen=True)
class PublishedGift:
    name: str
    positions: str
    kind: str
    description: str
    offered_by: str
    value: Decimal
    offered_on: datetime.date
    outcome: str
    reason: str


def must_declare_condition(thresholds: GiftThresholds) -> Q:
    """``gift_guidance(...).must_declare`` as a database condition, so the published
    register is filtered and paginated by the database (tested against ``gift_guidance``
    for every kind, value and flag, so the two never disagree)."""
    t = thresholds
    gift = Q(kind=GiftOrHospitality.Kind.GIFT)
    hospitality = Q(kind=GiftOrHospitality.Kind.HOSPITALITY)
    supplier = Q(offerer_is_supplier=True)
    return (
        Q(is_cash_or_voucher=True)
        | (gift & supplier & Q(estimated_value__gte=t.trivial_supplier_gift))
        | (gift & ~supplier & Q(estimated_value__gt=t.gift_declare_above))
        | (hospitality & supplier)
        | (hospitality & ~supplier & Q(estimated_value__gte=t.hospitality_declare_from))
    )


def published_gift_entries(
    today: datetime.date | None = None,
    query: str = "",
    thresholds: GiftThresholds | None = None,
) -> QuerySet[GiftOrHospitality]:
    """What the public sees of the gifts and hospitality register.

    An internal auditor expects the published register to hold what the
    guidance requires organisations to publish, and no more:

    - only decision-making members' entries (their registers are published;
      other staff's entries stay in the full register);
    - every offer the rules say must be declared (``gift_guidance`` decides, with
      today's thresholds, so the page and the form never disagree), whether it
      was accepted or declined;
    - every offer that was declined, whatever its value: declined offers are
      part of the register, and they show who tried to give what;
    - but not small accepted gifts and hospitality below the declaration
      thresholds that a member chose to record anyway;
    - offers made in the current or the previous financial year, so a full
      year is always on show for the annual audit. Everything stays in the
      full register (records are kept for six years).

    ``query`` searches the person (name and job title), who made the offer and the
    description; every word must match somewhere.
    """
    today = today or timezone.localdate()
    thresholds = thresholds or GiftThresholds.from_settings()
    entries = (
        gifts_register()
        .filter(recipient__is_decision_maker=True)
        .filter(offered_on__gte=published_window_start(today), offered_on__lte=today)
        .filter(Q(outcome=GiftOrHospitality.Outcome.DECLINED) | must_declare_condition(thresholds))
    )
    for word in query.split()[:8]:
        entries = entries.filter(
            Q(recipient__title__icontains=word)
            | Q(recipient__first_name__icontains=word)
            | Q(recipient__last_name__icontains=word)
            | Q(recipient__job_title__icontains=word)
            | Q(offered_by_organisation__name__icontains=word)
            | Q(offered_by_name__icontains=word)
            | Q(description__icontains=word)
        )
    return entries.order_by("recipient__last_name", "recipient__first_name", "-offered_on", "-id")


def published_rows(
    gifts: Iterable[GiftOrHospitality], today: datetime.date | None = None
) -> list[PublishedGift]:
    """A page or a batch of published entries as the page and the CSV show them."""
    entries = list(gifts)
    positions = positions_held({gift.recipient_id for gift in entries}, today)
    return [
        PublishedGift(
            name=gift.recipient.full_name,
            positions="; ".join(positions.get(gift.recipient_id, [])),
            kind=gift.get_kind_display(),
            description=gift.description,
            offered_by=gift.offered_by_label,
            value=gift.estimated_value,
            offered_on=gift.offered_on,
            outcome=gift.get_outcome_display(),
            reason=gift.reason,
        )
        for gift in entries
    ]


def published_gifts(
    today: datetime.date | None = None,
    query: str = "",
    thresholds: GiftThresholds | None = None,
) -> list[PublishedGift]:
    """Every published entry as a row (the PDF); pages and the CSV read them in parts."""
    return published_rows(published_gift_entries(today, query, thresholds), today)


def published_rows_streamed(
    entries: QuerySet[GiftOrHospitality], batch_size: int = 500
) -> Iterator[PublishedGift]:
    batch: list[GiftOrHospitality] = []
    for gift in entries.iterator(chunk_size=batch_size):
        batch.append(gift)
        if len(batch) == batch_size:
            yield from published_rows(batch)
            batch = []
    if batch:
        yield from published_rows(batch)


def gifts_last_updated() -> datetime.datetime | None:
    return GiftOrHospitality.objects.aggregate(latest=Max("updated_at"))["latest"]


# --- CSV --------------------------------------------------------------------

REGISTER_CSV_HEADER = [
    "Name",
    "Position",
    "Gift or hospitality",
    "Description",
    "Offered by",
    "Offerer is a supplier or contractor",
    "Cash or voucher",
    "Estimated value (GBP)",
    "Date offered",
    "Accepted or declined",
    "Reason",
    "Senior approval by",
    "Must be declared under the rules",
    "Recorded at",
    "Last changed at",
]

PUBLISHED_CSV_HEADER = [
    "Name",
    "Position",
    "Gift or hospitality",
    "Description",
    "Offered by",
    "Estimated value (GBP)",
    "Date offered",
    "Accepted or declined",
    "Reason",
]


def csv_safe(value: str) -> str:
    """Stop a spreadsheet reading a cell as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def register_csv_rows(gifts: Iterable[GiftOrHospitality]) -> Iterator[list[str]]:
    thresholds = GiftThresholds.from_settings()
    for gift in gifts:
        local_recorded = timezone.localtime(gift.recorded_at)
        local_updated = timezone.localtime(gift.updated_at)
        yield [
            csv_safe(cell)
            for cell in (
                gift.recipient.full_name,
                gift.recipient.job_title,
                gift.get_kind_display(),
                gift.description,
                gift.offered_by_label,
                _yes_no(gift.offerer_is_supplier),
                _yes_no(gift.is_cash_or_voucher),
                f"{gift.estimated_value:.2f}",
                gift.offered_on.isoformat(),
                gift.get_outcome_display(),
                gift.reason,
                gift.senior_approval_by,
                _yes_no(guidance_for(gift, thresholds).must_declare),
                csv_datetime(local_recorded),
                csv_datetime(local_updated),
            )
        ]


def published_csv_rows(rows: Iterable[PublishedGift]) -> Iterator[list[str]]:
    for row in rows:
        yield [
            csv_safe(cell)
            for cell in (
                row.name,
                row.positions,
                row.kind,
                row.description,
                row.offered_by,
                f"{row.value:.2f}",
                row.offered_on.isoformat(),
                row.outcome,
                row.reason,
            )
        ]
