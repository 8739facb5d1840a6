"""The gifts and hospitality rules: thresholds, boundaries and what the member is told."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from interests.gift_rules import (
    GiftThresholds,
    Kind,
    Outcome,
    Recommendation,
    gift_guidance,
    outcome_problems,
    pounds,
    recommended_outcome,
)
from interests.models import GiftOrHospitality

DEFAULTS = GiftThresholds()

values = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)


def guidance(kind: str, value: str, supplier: bool = False, cash: bool = False) -> Any:
    return gift_guidance(kind, Decimal(value), supplier, cash, DEFAULTS)


def problems(kind: str, value: str, outcome: str, **kwargs: Any) -> list[str]:
    return [
        p.message
        for p in outcome_problems(
            kind=kind,
            value=Decimal(value),
            offerer_is_supplier=kwargs.get("supplier", False),
            is_cash_or_voucher=kwargs.get("cash", False),
            outcome=outcome,
            senior_approval_by=kwargs.get("approved_by", ""),
            reason=kwargs.get("reason", ""),
            thresholds=DEFAULTS,
        )
    ]


def test_the_defaults_are_the_guidance_figures() -> None:
    assert (
        GiftThresholds(
            trivial_supplier_gift=Decimal("6"),
            gift_declare_above=Decimal("50"),
            hospitality_declare_from=Decimal("25"),
            hospitality_approval_above=Decimal("75"),
        )
        == DEFAULTS
    )


def test_thresholds_come_from_settings_when_set(settings: Any) -> None:
    settings.GIFT_TRIVIAL_SUPPLIER_GIFT_GBP = "10"
    settings.GIFT_DECLARE_ABOVE_GBP = 100
    settings.HOSPITALITY_DECLARE_FROM_GBP = Decimal("30")
    settings.HOSPITALITY_APPROVAL_ABOVE_GBP = "150.50"
    assert GiftThresholds.from_settings() == GiftThresholds(
        Decimal("10"), Decimal("100"), Decimal("30"), Decimal("150.50")
    )
    assert (
        "£100 or less"
        in gift_guidance(
            "gift", Decimal("99"), False, False, GiftThresholds.from_settings()
        ).message
    )


def test_thresholds_default_when_settings_do_not_name_them(settings: Any) -> None:
    for name in (
        "GIFT_TRIVIAL_SUPPLIER_GIFT_GBP",
        "GIFT_DECLARE_ABOVE_GBP",
        "HOSPITALITY_DECLARE_FROM_GBP",
        "HOSPITALITY_APPROVAL_ABOVE_GBP",
    ):
        if hasattr(settings, name):
            delattr(settings, name)
    assert GiftThresholds.from_settings() == DEFAULTS


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GIFT_DECLARE_ABOVE_GBP", "fifty"),
        ("GIFT_DECLARE_ABOVE_GBP", "-1"),
        ("HOSPITALITY_DECLARE_FROM_GBP", "100"),  # above the approval threshold
        ("HOSPITALITY_APPROVAL_ABOVE_GBP", "NaN"),
    ],
)
def test_a_bad_threshold_setting_stops_with_a_clear_message(
    settings: Any, name: str, value: str
) -> None:
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured):
        GiftThresholds.from_settings()


def test_the_rules_use_the_models_values() -> None:
    assert {k.value for k in Kind} == set(GiftOrHospitality.Kind.values)
    assert {o.value for o in Outcome} == set(GiftOrHospitality.Outcome.values)


def test_pounds_are_written_the_british_way() -> None:
    assert pounds(Decimal("50")) == "£50"
    assert pounds(Decimal("5.5")) == "£5.50"
    assert pounds(Decimal("1200")) == "£1,200"


# --- Boundaries ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "must_declare", "recommendation"),
    [
        ("5.99", False, Recommendation.ACCEPT),
        ("6", True, Recommendation.DECLINE),
        ("6.00", True, Recommendation.DECLINE),
        ("500", True, Recommendation.DECLINE),
    ],
)
def test_supplier_gifts_are_declined_unless_trivial(
    value: str, must_declare: bool, recommendation: Recommendation
) -> None:
    result = guidance("gift", value, supplier=True)
    assert result.must_declare is must_declare
    assert result.recommendation == recommendation


def test_the_supplier_gift_message_is_plain_english() -> None:
    assert guidance("gift", "20", supplier=True).message.startswith(
        "Gifts from suppliers or contractors must be declined, whatever their value, "
        "unless they are promotional items worth less than £6."
    )
    assert "Record the offer here as declined" in guidance("gift", "20", supplier=True).message
    assert "need not be declared" in guidance("gift", "5.99", supplier=True).message


@pytest.mark.parametrize(
    ("value", "must_declare", "recommendation", "message"),
    [
        ("0", False, Recommendation.ACCEPT, "Gifts worth £50 or less need not be declared."),
        ("50", False, Recommendation.ACCEPT, "Gifts worth £50 or less need not be declared."),
        (
            "50.01",
            True,
            Recommendation.ACCEPT_FOR_ORGANISATION,
            "Gifts worth more than £50 may only be accepted on behalf of the organisation, "
            "and must be declared.",
        ),
    ],
)
def test_other_gifts_around_fifty_pounds(
    value: str, must_declare: bool, recommendation: Recommendation, message: str
) -> None:
    result = guidance("gift", value)
    assert (result.must_declare, result.recommendation, result.message) == (
        must_declare,
        recommendation,
        message,
    )


@pytest.mark.parametrize(
    ("value", "must_declare", "recommendation", "message"),
    [
        (
            "24.99",
            False,
            Recommendation.ACCEPT,
            "Hospitality under £25 may be accepted and need not be declared.",
        ),
        (
            "25",
            True,
            Recommendation.ACCEPT,
            "Hospitality from £25 to £75 may be accepted and must be declared.",
        ),
        (
            "75",
            True,
            Recommendation.ACCEPT,
            "Hospitality from £25 to £75 may be accepted and must be declared.",
        ),
        (
            "75.01",
            True,
            Recommendation.NEEDS_SENIOR_APPROVAL,
            "Hospitality over £75 must be declined unless senior approval is given; "
            "declare it either way.",
        ),
    ],
)
def test_hospitality_around_twenty_five_and_seventy_five_pounds(
    value: str, must_declare: bool, recommendation: Recommendation, message: str
) -> None:
    result = guidance("hospitality", value)
    assert (result.must_declare, result.recommendation, result.message) == (
        must_declare,
        recommendation,
        message,
    )


@pytest.mark.parametrize("kind", ["gift", "hospitality"])
@pytest.mark.parametrize("value", ["0", "5", "49", "5000"])
def test_cash_and_vouchers_are_always_declined(kind: str, value: str) -> None:
    result = guidance(kind, value, cash=True)
    assert result.recommendation == Recommendation.DECLINE
    assert result.must_declare
    assert result.message.startswith("Cash and vouchers must always be declined.")


def test_hospitality_from_a_supplier_needs_senior_approval_and_is_declared_at_any_value() -> None:
    result = guidance("hospitality", "10", supplier=True)
    assert result.must_declare
    assert result.recommendation == Recommendation.NEEDS_SENIOR_APPROVAL
    assert "supplier or contractor" in result.message


# --- Property tests -------------------------------------------------------------


@given(value=values, supplier=st.booleans(), kind=st.sampled_from(list(Kind)))
def test_cash_is_declined_whatever_else_is_true(value: Decimal, supplier: bool, kind: Kind) -> None:
    assert gift_guidance(kind, value, supplier, True, DEFAULTS).recommendation == (
        Recommendation.DECLINE
    )


@given(value=values)
def test_other_gifts_are_declared_exactly_when_over_fifty_pounds(value: Decimal) -> None:
    result = gift_guidance(Kind.GIFT, value, False, False, DEFAULTS)
    assert result.must_declare is (value > 50)
    assert (result.recommendation == Recommendation.ACCEPT_FOR_ORGANISATION) is (value > 50)


@given(value=values)
def test_supplier_gifts_are_declined_exactly_from_six_pounds(value: Decimal) -> None:
    result = gift_guidance(Kind.GIFT, value, True, False, DEFAULTS)
    assert (result.recommendation == Recommendation.DECLINE) is (value >= 6)


@given(value=values)
def test_hospitality_bands(value: Decimal) -> None:
    result = gift_guidance(Kind.HOSPITALITY, value, False, False, DEFAULTS)
    assert result.must_declare is (value >= 25)
    assert (result.recommendation == Recommendation.NEEDS_SENIOR_APPROVAL) is (value > 75)


@given(
    value=values,
    declare_above=st.decimals(min_value=0, max_value=1000, places=2),
)
def test_a_configured_gift_threshold_is_the_one_applied(
    value: Decimal, declare_above: Decimal
) -> None:
    thresholds = GiftThresholds(gift_declare_above=declare_above)
    assert gift_guidance(Kind.GIFT, value, False, False, thresholds).must_declare is (
        value > declare_above
    )


@given(
    value=values,
    kind=st.sampled_from(list(Kind)),
    supplier=st.booleans(),
    cash=st.booleans(),
)
def test_following_the_guidance_is_always_allowed(
    value: Decimal, kind: Kind, supplier: bool, cash: bool
) -> None:
    advice = gift_guidance(kind, value, supplier, cash, DEFAULTS)
    for outcome in (recommended_outcome(advice), Outcome.DECLINED):
        assert (
            outcome_problems(
                kind=kind,
                value=value,
                offerer_is_supplier=supplier,
                is_cash_or_voucher=cash,
                outcome=outcome,
                senior_approval_by="Jane Smith, Chief Finance Officer",
                reason="Speaking at the conference",
                thresholds=DEFAULTS,
            )
            == []
        )


# --- What may be recorded -----------------------------------------------------


def test_accepting_cash_is_refused() -> None:
    assert problems("gift", "20", "accepted", cash=True) == [
        "Cash and vouchers must always be declined."
    ]
    assert problems("gift", "20", "accepted_for_org", cash=True) == [
        "Cash and vouchers must always be declined."
    ]


def test_accepting_a_suppliers_gift_is_refused_with_the_rule() -> None:
    assert problems("gift", "6", "accepted", supplier=True) == [
        "Gifts from suppliers or contractors must be declined, whatever their value, "
        "unless they are promotional items worth less than £6."
    ]
    assert problems("gift", "5.99", "accepted", supplier=True) == []


def test_a_gift_over_fifty_pounds_may_only_be_accepted_for_the_organisation() -> None:
    assert problems("gift", "50.01", "accepted")[0].startswith(
        "Gifts worth more than £50 may only be accepted on behalf of the organisation"
    )
    assert problems("gift", "50.01", "accepted_for_org") == []
    assert problems("gift", "50", "accepted") == []


def test_hospitality_is_not_accepted_for_the_organisation() -> None:
    assert problems("hospitality", "30", "accepted_for_org") == [
        "Hospitality cannot be accepted on behalf of the organisation: choose accepted or declined."
    ]


def test_hospitality_over_seventy_five_pounds_needs_who_approved_and_why() -> None:
    assert problems("hospitality", "75.01", "accepted") == [
        "Enter who gave senior approval to accept this hospitality, or record it as declined",
        "Explain why it was right to accept this hospitality",
    ]
    assert problems("hospitality", "75", "accepted") == []
    assert (
        problems("hospitality", "120", "accepted", approved_by="J. Smith, CFO", reason="Speaker")
        == []
    )


@pytest.mark.parametrize("kind", ["gift", "hospitality"])
def test_declining_is_always_allowed(kind: str) -> None:
    assert problems(kind, "1000", "declined", supplier=True, cash=True) == []


# --- The published register's database condition agrees with gift_guidance ------------------


@pytest.mark.django_db
def test_the_database_condition_for_must_declare_agrees_with_the_rules() -> None:
    from decimal import Decimal as D

    from interests.models import GiftOrHospitality
    from interests.selectors.gifts import must_declare_condition
    from tests.interests.factories import MemberFactory

    thresholds = GiftThresholds.from_settings()
    member = MemberFactory()
    offers = [
        GiftOrHospitality.objects.create(
            recipient=member,
            kind=kind,
            description="x",
            estimated_value=value,
            offered_on=datetime.date(2026, 1, 1),
            outcome="declined",
            offerer_is_supplier=supplier,
            is_cash_or_voucher=cash,
        )
        for kind in ("gift", "hospitality")
        for value in (
            D("0"),
            D("5.99"),
            D("6"),
            D("24.99"),
            D("25"),
            D("50"),
            D("50.01"),
            D("75"),
            D("75.01"),
            D("500"),
        )
        for supplier in (False, True)
        for cash in (False, True)
    ]
    in_database = set(
        GiftOrHospitality.objects.filter(must_declare_condition(thresholds)).values_list(
            "pk", flat=True
        )
    )
    for offer in offers:
        expected = gift_guidance(
            offer.kind,
            offer.estimated_value,
            offer.offerer_is_supplier,
            offer.is_cash_or_voucher,
            thresholds,
        ).must_declare
        assert (offer.pk in in_database) == expected, offer.__dict__
