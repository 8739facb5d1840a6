"""Figures from the registers: annual declarations and nil returns by professional role,
interests declared late, entries awaiting review, withheld entries, gifts and hospitality
over the thresholds, and training for decision-making staff."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min, Q

from compliance.selectors.evidence.types import Behind, Figure, GroupRow, Period, day
from interests.gift_rules import GiftThresholds, pounds
from interests.models import Declaration, DeclarationCampaign, GiftOrHospitality, Interest, Member
from interests.models.interests import LATE_DECLARATION_DAYS
from interests.selectors.register import review_queue
from interests.selectors.training import training_completion
from meetings.models import MeetingDeclaration

_ROLES = dict(Member.ProfessionalRole.choices)
NO_ANSWER = "No answer"


def _expected(campaign: DeclarationCampaign) -> list[Member]:
    """As the breach check counts them: decision-makers on the register when the
    declaration opened who had not left by its deadline."""
    return list(
        Member.objects.filter(is_decision_maker=True, created_at__lte=campaign.opened_at)
        .filter(Q(left_on__isnull=True, is_active=True) | Q(left_on__gt=campaign.deadline))
        .order_by("last_name", "first_name", "pk")
    )


def annual_declarations(period: Period) -> Figure:
    campaign = (
        DeclarationCampaign.objects.filter(deadline__year=period.year)
        .order_by("-deadline", "-pk")
        .first()
    )
    label = "Annual declarations made"
    if campaign is None:
        return Figure(
            "declarations",
            label,
            0,
            0,
            hint=f"No annual declaration had its deadline in {period.year}.",
        )
    expected = _expected(campaign)
    answers = {
        member_id: (kind, made_at)
        for member_id, kind, made_at in Declaration.objects.filter(campaign=campaign).values_list(
            "member_id", "kind", "made_at"
        )
    }
    labels = dict(Declaration.Kind.choices)
    counts: Counter[tuple[str, str]] = Counter()
    behind = []
    for member in expected:
        role = _ROLES.get(member.professional_role, member.professional_role)
        counts[(role, "expected")] += 1
        answer = answers.get(member.pk)
        if answer is None:
            counts[(role, "outstanding")] += 1
            detail = NO_ANSWER
        else:
            kind, made_at = answer
            counts[(role, "answered")] += 1
            if kind == Declaration.Kind.NIL_RETURN:
                counts[(role, "nil")] += 1
            detail = f"{labels.get(kind, kind)}, {day(made_at)}"
        behind.append(Behind(member.full_name, detail, role, member.pk))
    groups = [
        GroupRow(
            role,
            tuple(counts[(role, k)] for k in ("expected", "answered", "nil", "outstanding")),
        )
        for role in sorted({g for g, _ in counts})
    ]
    answered = sum(counts[(g.group, "answered")] for g in groups)
    return Figure(
        "declarations",
        label,
        answered,
        len(expected),
        hint=f"{campaign.title}, deadline {day(campaign.deadline)}: answers and nil returns "
        "by professional role.",
        behind_heading="Who was asked, and their answer",
        behind=behind,
        group_columns=("Asked", "Answered", "Nil returns", "Not answered"),
        groups=groups,
    )


def late_declarations(period: Period) -> Figure:
    """Entries put on the register in the year more than 28 days after they began, unless
    declared at a meeting in time (a declaration at a meeting is a declaration)."""
    entries = list(
        Interest.objects.declared()
        .declared_late()
        .filter(submitted_at__gte=period.start_at, submitted_at__lt=period.end_at)
        .select_related("declarant")
        .order_by("submitted_at", "pk")
    )
    at_meetings = dict(
        MeetingDeclaration.objects.standing()
        .filter(interest_id__in=[i.pk for i in entries])
        .values("interest_id")
        .annotate(first=Min("meeting__starts_at"))
        .values_list("interest_id", "first")
    )
    behind = []
    for interest in entries:
        submitted = interest.submitted_at
        assert submitted is not None  # nosec B101: declared_late() filters on it
        first = min(filter(None, [submitted, at_meetings.get(interest.pk)]))
        days = (first.date() - interest.start_date).days
        if days <= LATE_DECLARATION_DAYS:
            continue
        behind.append(
            Behind(
                interest.declarant.full_name,
                f"Began {day(interest.start_date)}, declared {day(first)}: {days} days",
                member_id=interest.declarant_id,
            )
        )
    return Figure(
        "late",
        f"Interests declared more than {LATE_DECLARATION_DAYS} days after they began",
        len(behind),
        hint="Entries put on the register in the year (imported entries are not judged).",
        behind_heading="Entries declared late",
        behind=behind,
    )


def awaiting_review() -> Figure:
    entries = list(review_queue())
    return Figure(
        "review",
        "Register entries awaiting review",
        len(entries),
        hint="As it stands today.",
        behind_heading="Entries waiting, oldest first",
        behind=[
            Behind(
                i.declarant.full_name,
                f"Submitted {day(i.submitted_at)}",
                member_id=i.declarant_id,
            )
            for i in entries
        ],
    )


def withheld_entries(period: Period) -> Figure:
    """Entries withheld from publication now, requests waiting, and the Guardian's decisions
    in the year. Names and dates only: why an entry is withheld stays in the register."""
    W = Interest.Withholding
    decided_in_year = Q(
        withholding__in=[W.APPROVED, W.REFUSED],
        withholding_decided_at__gte=period.start_at,
        withholding_decided_at__lt=period.end_at,
    )
    entries = list(
        Interest.objects.declared()
        .filter(Q(withholding__in=[W.APPROVED, W.REQUESTED]) | decided_in_year)
        .select_related("declarant")
        .order_by("declarant__last_name", "declarant__first_name", "pk")
    )
    start, end = period.start_at, period.end_at
    counts: Counter[str] = Counter()
    behind = []
    for interest in entries:
        decided = interest.withholding_decided_at
        in_year = decided is not None and start <= decided < end
        if interest.withholding == W.APPROVED:
            counts["withheld"] += 1
        if interest.withholding == W.REQUESTED:
            counts["requested"] += 1
        if in_year:
            counts[interest.withholding] += 1
        when = f", decided {day(decided)}" if decided else ""
        behind.append(
            Behind(
                interest.declarant.full_name,
                f"{interest.get_withholding_display()}{when}",
                member_id=interest.declarant_id,
            )
        )
    return Figure(
        "withheld",
        "Entries withheld from publication",
        counts["withheld"],
        hint=f"Withheld now, with the Guardian's decisions in {period.year}.",
        behind_heading="Entries withheld, requested or decided",
        behind=behind,
        group_columns=("Entries",),
        groups=[
            GroupRow("Withheld now (approved by the Guardian)", (counts["withheld"],)),
            GroupRow("Requests awaiting the Guardian", (counts["requested"],)),
            GroupRow(f"Approved in {period.year}", (counts[W.APPROVED],)),
            GroupRow(f"Refused in {period.year}", (counts[W.REFUSED],)),
        ],
    )


def over_thresholds(thresholds: GiftThresholds) -> Q:
    """Gifts and hospitality the guidance does not let anyone simply accept."""
    return (
        Q(is_cash_or_voucher=True)
        | Q(offerer_is_supplier=True, estimated_value__gte=thresholds.trivial_supplier_gift)
        | Q(kind=GiftOrHospitality.Kind.GIFT, estimated_value__gt=thresholds.gift_declare_above)
        | Q(
            kind=GiftOrHospitality.Kind.HOSPITALITY,
            estimated_value__gt=thresholds.hospitality_approval_above,
        )
    )


def gifts_over_thresholds(period: Period) -> Figure:
    thresholds = GiftThresholds.from_settings()
    gifts = list(
        GiftOrHospitality.objects.filter(
            over_thresholds(thresholds),
            offered_on__gte=period.start,
            offered_on__lte=period.end,
        )
        .select_related("recipient")
        .order_by("offered_on", "pk")
    )
    counts: Counter[str] = Counter(g.outcome for g in gifts)
    behind = [
        Behind(
            g.recipient.full_name,
            f"{g.get_kind_display()}, {pounds(g.estimated_value)}, {day(g.offered_on)}: "
            f"{g.get_outcome_display()}"
            + (f"; approved by {g.senior_approval_by}" if g.senior_approval_by else ""),
            member_id=g.recipient_id,
        )
        for g in gifts
    ]
    outcomes = GiftOrHospitality.Outcome
    return Figure(
        "gifts",
        "Gifts and hospitality over the thresholds",
        len(gifts),
        hint=(
            f"Offered in {period.year}: gifts over {pounds(thresholds.gift_declare_above)}, "
            f"hospitality over {pounds(thresholds.hospitality_approval_above)}, cash or "
            "vouchers, and suppliers' gifts beyond trivial items."
        ),
        behind_heading="Offers over the thresholds",
        behind=behind,
        group_columns=("Offers",),
        groups=[GroupRow(str(label), (counts[value],)) for value, label in outcomes.choices],
    )


def training(period: Period, today: datetime.date) -> Figure:
    completion = training_completion(on=period.as_of(today))
    behind = [
        Behind(
            m.full_name, "No current pass of module 1", _ROLES.get(m.professional_role, ""), m.pk
        )
        for m in completion.missing
    ] + [
        Behind(
            m.full_name,
            f"Passed {day(record.completed_on)} ({record.score}%)",
            _ROLES.get(m.professional_role, ""),
            m.pk,
        )
        for m, record in completion.complete
    ]
    return Figure(
        "training",
        "Decision-making staff trained",
        completion.complete_count,
        completion.required,
        hint=f"A pass of module 1 in the year to {day(completion.on)}, by professional role.",
        behind_heading="Decision-making staff and their training",
        behind=behind,
        group_columns=("Required", "Trained"),
        groups=[GroupRow(r.role, (r.required, r.complete)) for r in completion.by_role],
    )
