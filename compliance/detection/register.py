"""Likely breaches in the registers: interests declared late, annual declarations missed,
and gifts or hospitality accepted against the thresholds."""

from __future__ import annotations

import datetime

from django.db.models import Min, Q
from django.utils import timezone

from compliance.detection.findings import Evidence, Finding, day_text
from interests.gift_rules import GiftThresholds, outcome_problems, pounds
from interests.models import (
    Declaration,
    DeclarationCampaign,
    GiftOrHospitality,
    Interest,
    Member,
)
from interests.models.interests import LATE_DECLARATION_DAYS
from meetings.models import MeetingDeclaration

LATE = "late_declaration"
ANNUAL = "annual_missed"
GIFT = "gift_unapproved"


def late_declarations(today: datetime.date) -> list[Finding]:
    """An interest first declared more than 28 days after it began, or, for an interest held
    before the person joined the register, more than 28 days after they joined (declared on
    appointment).

    Declared means on the register or, earlier, at a meeting (a declaration made at a meeting
    is a declaration, even before the member completes the entry). Imported entries are not
    judged: the earlier register did not say when they were declared.
    """
    candidates = list(Interest.objects.declared().declared_late().select_related("declarant"))
    at_meetings = dict(
        MeetingDeclaration.objects.standing()
        .filter(interest_id__in=[i.pk for i in candidates])
        .values("interest_id")
        .annotate(first=Min("meeting__starts_at"))  # declared then, whenever minuted
        .values_list("interest_id", "first")
    )
    findings = []
    for interest in candidates:
        # Never: declared_late() needs both; these narrow the types.
        if interest.submitted_at is None or interest.start_date is None:
            continue
        moments = [interest.submitted_at]
        if interest.pk in at_meetings:
            moments.append(at_meetings[interest.pk])
        declared_on = timezone.localdate(min(moments))
        joined = timezone.localdate(interest.declarant.created_at)
        due_from = max(interest.start_date, joined)
        days = (declared_on - due_from).days
        if days <= LATE_DECLARATION_DAYS:
            continue  # declared in time: at a meeting, or on appointment
        how = "at a meeting" if min(moments) != interest.submitted_at else "on the register"
        findings.append(
            Finding(
                rule=LATE,
                key=f"{LATE}:interest:{interest.pk}",
                member_id=interest.declarant_id,
                occurred_on=declared_on,
                what_happened=(
                    f"{interest.declarant.full_name} declared an interest {days} days after "
                    + ("it began" if due_from == interest.start_date else "joining the register")
                    + f"; the rules ask for a declaration within {LATE_DECLARATION_DAYS} days."
                ),
                evidence=[
                    Evidence.of("Register entry", interest),
                    Evidence("Began", day_text(interest.start_date)),
                    Evidence("Joined the register", day_text(joined)),
                    Evidence("First declared", f"{day_text(declared_on)}, {how}"),
                    Evidence("Days late", str(days - LATE_DECLARATION_DAYS)),
                ],
            )
        )
    return findings


def annual_declarations_missed(today: datetime.date) -> list[Finding]:
    """A decision-maker who did not answer an annual declaration by its deadline.

    Those expected: decision-makers on the register when the declaration opened who had not
    left by its deadline (someone added later declares on appointment instead). Judged once
    the deadline has passed; an answer after the deadline is late, and still counts as missed.
    """
    findings = []
    for campaign in DeclarationCampaign.objects.filter(deadline__lt=today).order_by("deadline"):
        expected = Member.objects.filter(
            is_decision_maker=True, created_at__lte=campaign.opened_at
        ).filter(Q(left_on__isnull=True, is_active=True) | Q(left_on__gt=campaign.deadline))
        answers = dict(
            Declaration.objects.filter(campaign=campaign).values_list("member_id", "made_at")
        )
        for member in expected.order_by("last_name", "first_name", "pk"):
            made_at = answers.get(member.pk)
            if made_at is not None and timezone.localdate(made_at) <= campaign.deadline:
                continue
            if made_at is None:
                answer = "No answer"
                happened = f"{member.full_name} did not answer {campaign.title}"
            else:
                late_by = (timezone.localdate(made_at) - campaign.deadline).days
                days = f"{late_by} day{'s' if late_by != 1 else ''} late"
                answer = f"Answered on {day_text(timezone.localdate(made_at))}, {days}"
                happened = f"{member.full_name} answered {campaign.title} {days}"
            findings.append(
                Finding(
                    rule=ANNUAL,
                    key=f"{ANNUAL}:campaign:{campaign.pk}:member:{member.pk}",
                    member_id=member.pk,
                    occurred_on=campaign.deadline,
                    what_happened=f"{happened}: the deadline was {day_text(campaign.deadline)}.",
                    evidence=[
                        Evidence.of(
                            "Annual declaration",
                            campaign,
                            text=f"{campaign.title}, deadline {day_text(campaign.deadline)}",
                        ),
                        Evidence("Their answer", answer),
                    ],
                )
            )
    return findings


def gifts_accepted_without_approval(today: datetime.date) -> list[Finding]:
    """A gift or hospitality accepted that the thresholds say must be declined, accepted only
    for the organisation, or accepted only with senior approval that was not recorded."""
    thresholds = GiftThresholds.from_settings()
    accepted = GiftOrHospitality.objects.exclude(
        outcome=GiftOrHospitality.Outcome.DECLINED
    ).select_related("recipient", "offered_by_organisation")
    findings = []
    for gift in accepted:
        problems = outcome_problems(
            kind=gift.kind,
            value=gift.estimated_value,
            offerer_is_supplier=gift.offerer_is_supplier,
            is_cash_or_voucher=gift.is_cash_or_voucher,
            outcome=gift.outcome,
            senior_approval_by=gift.senior_approval_by,
            reason=gift.reason,
            thresholds=thresholds,
        )
        if not problems:
            continue
        kind = gift.get_kind_display().lower()
        findings.append(
            Finding(
                rule=GIFT,
                key=f"{GIFT}:gift:{gift.pk}",
                member_id=gift.recipient_id,
                occurred_on=gift.offered_on,
                what_happened=(
                    f"{gift.recipient.full_name} accepted {kind} worth "
                    f"{pounds(gift.estimated_value)} from {gift.offered_by_label} that the "
                    "thresholds do not allow to be accepted as recorded."
                ),
                evidence=[
                    Evidence.of("Gifts and hospitality entry", gift, text=str(gift)),
                    Evidence("Value", pounds(gift.estimated_value)),
                    Evidence("Outcome recorded", gift.get_outcome_display()),
                    Evidence("Senior approval", gift.senior_approval_by or "None recorded"),
                    *(Evidence("The rules", problem.message) for problem in problems),
                ],
            )
        )
    return findings
