"""The rules for gifts and hospitality, as a pure module.

NHS England's guidance on managing conflicts of interest sets the thresholds
(see DOMAIN.md, "Gifts and hospitality"); each organisation may set its own,
so they come from settings, with the guidance's figures as defaults:

==================================  =======  ======================================
Setting                             Default  Meaning
==================================  =======  ======================================
``GIFT_TRIVIAL_SUPPLIER_GIFT_GBP``  6        supplier promotional items under this
                                             may be accepted without declaring
``GIFT_DECLARE_ABOVE_GBP``          50       other gifts above this are declared and
                                             accepted only for the organisation
``HOSPITALITY_DECLARE_FROM_GBP``    25       hospitality from this value is declared
``HOSPITALITY_APPROVAL_ABOVE_GBP``  75       hospitality above this needs senior
                                             approval
==================================  =======  ======================================

Nothing here touches the database or the request: the form, the live guidance
panel, the services and the published register all ask ``gift_guidance`` and
``outcome_problems``, so they can never disagree.

Two rules go beyond the four figures, both from the same guidance:

- hospitality from an actual or likely supplier or contractor "can be accepted,
  and must be declared, if modest and reasonable; senior approval must be
  obtained", whatever its value;
- declined offers are recorded too, so an offer the rules say must be declined
  is one that must be recorded (``must_declare``), as declined.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Kind(StrEnum):
    """The same values as ``GiftOrHospitality.Kind``."""

    GIFT = "gift"
    HOSPITALITY = "hospitality"


class Outcome(StrEnum):
    """What the member did; the same values as ``GiftOrHospitality.Outcome``."""

    ACCEPTED = "accepted"
    ACCEPTED_FOR_ORGANISATION = "accepted_for_org"
    DECLINED = "declined"


class Recommendation(StrEnum):
    ACCEPT = "accept"
    ACCEPT_FOR_ORGANISATION = "accept_for_org"
    DECLINE = "decline"
    NEEDS_SENIOR_APPROVAL = "needs_senior_approval"


RECOMMENDATION_LABELS = {
    Recommendation.ACCEPT: "You may accept it",
    Recommendation.ACCEPT_FOR_ORGANISATION: "Accept it only on behalf of the organisation",
    Recommendation.DECLINE: "Decline it",
    Recommendation.NEEDS_SENIOR_APPROVAL: "Decline it unless a senior manager approves",
}


@dataclass(frozen=True)
class GiftThresholds:
    """The values, in pounds, that decide what is declared and what is declined."""

    trivial_supplier_gift: Decimal = Decimal("6")
    gift_declare_above: Decimal = Decimal("50")
    hospitality_declare_from: Decimal = Decimal("25")
    hospitality_approval_above: Decimal = Decimal("75")

    def __post_init__(self) -> None:
        for name in (
            "trivial_supplier_gift",
            "gift_declare_above",
            "hospitality_declare_from",
            "hospitality_approval_above",
        ):
            if getattr(self, name) < 0:
                raise ImproperlyConfigured(f"The gift threshold {name} cannot be negative")
        if self.hospitality_declare_from > self.hospitality_approval_above:
            raise ImproperlyConfigured(
                "HOSPITALITY_DECLARE_FROM_GBP must not be more than HOSPITALITY_APPROVAL_ABOVE_GBP"
            )

    @classmethod
    def from_settings(cls) -> GiftThresholds:
        """The thresholds this installation uses (settings, else the guidance's defaults)."""
        from django.conf import settings

        defaults = cls()

        def read(name: str, default: Decimal) -> Decimal:
            raw: Any = getattr(settings, name, default)
            try:
                value = Decimal(str(raw).strip())
            except InvalidOperation as exc:
                raise ImproperlyConfigured(
                    f"{name} must be an amount in pounds, for example 50"
                ) from exc
            if not value.is_finite():
                raise ImproperlyConfigured(f"{name} must be an amount in pounds, for example 50")
            return value

        return cls(
            trivial_supplier_gift=read(
                "GIFT_TRIVIAL_SUPPLIER_GIFT_GBP", defaults.trivial_supplier_gift
            ),
            gift_declare_above=read("GIFT_DECLARE_ABOVE_GBP", defaults.gift_declare_above),
            hospitality_declare_from=read(
                "HOSPITALITY_DECLARE_FROM_GBP", defaults.hospitality_declare_from
            ),
            hospitality_approval_above=read(
                "HOSPITALITY_APPROVAL_ABOVE_GBP", defaults.hospitality_approval_above
            ),
        )


@dataclass(frozen=True)
class Guidance:
    """What the rules say about one offer, before the member decides."""

    must_declare: bool
    recommendation: Recommendation
    message: str

    @property
    def recommendation_label(self) -> str:
        return RECOMMENDATION_LABELS[self.recommendation]

    @property
    def is_warning(self) -> bool:
        """Whether the member should be stopped and warned rather than reassured."""
        return self.recommendation in (
            Recommendation.DECLINE,
            Recommendation.NEEDS_SENIOR_APPROVAL,
        )


@dataclass(frozen=True)
class Problem:
    """A reason the outcome recorded breaks the rules, and the field it belongs to."""

    field: str
    message: str


def pounds(value: Decimal) -> str:
    """£50, £5.50, £1,200: whole pounds without pence."""
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


_RECORD_DECLINED = "Record the offer here as declined."


def gift_guidance(
    kind: Kind | str,
    value: Decimal,
    offerer_is_supplier: bool,
    is_cash_or_voucher: bool,
    thresholds: GiftThresholds,
) -> Guidance:
    """Whether an offer must be declared and what the member should do with it."""
    t = thresholds
    if is_cash_or_voucher:
        return Guidance(
            True,
            Recommendation.DECLINE,
            f"Cash and vouchers must always be declined. {_RECORD_DECLINED}",
        )
    if Kind(kind) == Kind.GIFT:
        if offerer_is_supplier:
            if value < t.trivial_supplier_gift:
                return Guidance(
                    False,
                    Recommendation.ACCEPT,
                    "Promotional items from suppliers or contractors worth less than "
                    f"{pounds(t.trivial_supplier_gift)} may be accepted and need not be declared.",
                )
            return Guidance(
                True,
                Recommendation.DECLINE,
                "Gifts from suppliers or contractors must be declined, whatever their value, "
                "unless they are promotional items worth less than "
                f"{pounds(t.trivial_supplier_gift)}. {_RECORD_DECLINED}",
            )
        if value <= t.gift_declare_above:
            return Guidance(
                False,
                Recommendation.ACCEPT,
                f"Gifts worth {pounds(t.gift_declare_above)} or less need not be declared.",
            )
        return Guidance(
            True,
            Recommendation.ACCEPT_FOR_ORGANISATION,
            f"Gifts worth more than {pounds(t.gift_declare_above)} may only be accepted on "
            "behalf of the organisation, and must be declared.",
        )
    if offerer_is_supplier:
        return Guidance(
            True,
            Recommendation.NEEDS_SENIOR_APPROVAL,
            "Hospitality from a supplier or contractor may be accepted only if it is modest "
            "and reasonable and a senior manager approves; declare it either way.",
        )
    if value < t.hospitality_declare_from:
        return Guidance(
            False,
            Recommendation.ACCEPT,
            f"Hospitality under {pounds(t.hospitality_declare_from)} may be accepted and "
            "need not be declared.",
        )
    if value <= t.hospitality_approval_above:
        return Guidance(
            True,
            Recommendation.ACCEPT,
            f"Hospitality from {pounds(t.hospitality_declare_from)} to "
            f"{pounds(t.hospitality_approval_above)} may be accepted and must be declared.",
        )
    return Guidance(
        True,
        Recommendation.NEEDS_SENIOR_APPROVAL,
        f"Hospitality over {pounds(t.hospitality_approval_above)} must be declined unless "
        "senior approval is given; declare it either way.",
    )


def outcome_problems(
    *,
    kind: Kind | str,
    value: Decimal,
    offerer_is_supplier: bool,
    is_cash_or_voucher: bool,
    outcome: Outcome | str,
    senior_approval_by: str,
    reason: str,
    thresholds: GiftThresholds,
) -> list[Problem]:
    """Why the outcome recorded is not allowed by the rules (empty when it is).

    Declining is always allowed. Accepting is checked against ``gift_guidance``.
    """
    outcome = Outcome(outcome)
    if outcome == Outcome.DECLINED:
        return []
    guidance = gift_guidance(kind, value, offerer_is_supplier, is_cash_or_voucher, thresholds)
    if is_cash_or_voucher:
        return [Problem("outcome", "Cash and vouchers must always be declined.")]
    if Kind(kind) == Kind.HOSPITALITY and outcome == Outcome.ACCEPTED_FOR_ORGANISATION:
        return [
            Problem(
                "outcome",
                "Hospitality cannot be accepted on behalf of the organisation: "
                "choose accepted or declined.",
            )
        ]
    if guidance.recommendation == Recommendation.DECLINE:
        return [Problem("outcome", guidance.message.removesuffix(f" {_RECORD_DECLINED}"))]
    if (
        guidance.recommendation == Recommendation.ACCEPT_FOR_ORGANISATION
        and outcome == Outcome.ACCEPTED
    ):
        return [
            Problem(
                "outcome",
                f"Gifts worth more than {pounds(thresholds.gift_declare_above)} may only be "
                "accepted on behalf of the organisation: choose accepted on behalf of the "
                "organisation, or declined.",
            )
        ]
    problems = []
    if guidance.recommendation == Recommendation.NEEDS_SENIOR_APPROVAL:
        if not senior_approval_by.strip():
            problems.append(
                Problem(
                    "senior_approval_by",
                    "Enter who gave senior approval to accept this hospitality, "
                    "or record it as declined",
                )
            )
        if not reason.strip():
            problems.append(
                Problem("reason", "Explain why it was right to accept this hospitality")
            )
    return problems


def recommended_outcome(guidance: Guidance) -> Outcome:
    """The outcome that follows the recommendation (with approval, where it is needed)."""
    return {
        Recommendation.ACCEPT: Outcome.ACCEPTED,
        Recommendation.ACCEPT_FOR_ORGANISATION: Outcome.ACCEPTED_FOR_ORGANISATION,
        Recommendation.DECLINE: Outcome.DECLINED,
        Recommendation.NEEDS_SENIOR_APPROVAL: Outcome.ACCEPTED,
    }[guidance.recommendation]
