"""Forms for declaring gifts and hospitality (the register's filters are in interests.filters)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.concurrency import VERSION_FIELD, VersionedForm
from core.forms import ChoiceHintsRadioSelect, NhsDateField
from core.idempotency import OnceForm
from core.terminology import terms
from interests.forms.declarations import find_organisation
from interests.forms.pounds import PoundsField
from interests.gift_rules import GiftThresholds, Guidance, gift_guidance, outcome_problems
from interests.models import GiftOrHospitality, Organisation
from interests.services.gifts import GIFT_FIELDS, gift_version

Kind = GiftOrHospitality.Kind
Outcome = GiftOrHospitality.Outcome

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes(value: str) -> bool:
    return value == "yes"


def _yes_no_field(label: str, help_text: str, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=_yes,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def _too_long(label: str, limit: int) -> str:
    return f"{label} must be {limit} characters or fewer (you entered %(show_value)d)"


def _supplier_label() -> str:
    return (
        "Is the person or organisation who made the offer a supplier or contractor "
        f"of the {terms().org_short}?"
    )


class GuidanceForm(forms.Form):
    """The four answers the rules depend on, read leniently while the member types."""

    kind = forms.ChoiceField(choices=Kind.choices, required=False)
    estimated_value = PoundsField(required=False)
    offerer_is_supplier = forms.TypedChoiceField(
        choices=YES_NO, coerce=_yes, empty_value=None, required=False
    )
    is_cash_or_voucher = forms.TypedChoiceField(
        choices=YES_NO, coerce=_yes, empty_value=None, required=False
    )

    def guidance(self, thresholds: GiftThresholds | None = None) -> Guidance | None:
        """What the rules say, once the kind and a valid value are known.

        Cash and vouchers are declined whatever their value, so that guidance
        shows as soon as the box is answered, before any value is typed.
        """
        if not self.is_bound:
            return None
        self.is_valid()
        data = self.cleaned_data
        kind = data.get("kind")
        value = data.get("estimated_value")
        if not kind:
            return None
        if data.get("is_cash_or_voucher"):
            return gift_guidance(
                kind, value or Decimal("0"), False, True, thresholds or _thresholds()
            )
        if value is None:
            return None
        return gift_guidance(
            kind, value, bool(data.get("offerer_is_supplier")), False, thresholds or _thresholds()
        )


def _thresholds() -> GiftThresholds:
    return GiftThresholds.from_settings()


def organisation_choices(current: Organisation | None = None) -> QuerySet[Organisation]:
    """Active organisations, plus the one already on an entry being corrected."""
    condition = Q(is_active=True)
    if current is not None:
        condition |= Q(pk=current.pk)
    return Organisation.objects.filter(condition).only("pk", "name").order_by("name")


def _label(organisation: Organisation) -> str:
    """As the suggestions offer it: "Riverside Surgery (B82005)"."""
    code = organisation.ods_code
    return f"{organisation.name} ({code})" if code else organisation.name


class GiftForm(OnceForm):
    """A member records a gift or hospitality they were offered.

    Fields are in page order: the four questions the rules depend on come
    first, so the guidance panel under them is up to date before the member
    records what they did.
    """

    kind = forms.ChoiceField(
        label="Was it a gift or hospitality?",
        choices=Kind.choices,
        widget=ChoiceHintsRadioSelect(
            choice_hints={
                Kind.GIFT: "Something given to you to keep, for example a bottle of wine, a "
                "book or a voucher",
                Kind.HOSPITALITY: "A meal, drinks, tickets to an event, travel or accommodation",
            }
        ),
        help_text="Choose one",
        error_messages={"required": "Choose whether it was a gift or hospitality"},
    )
    estimated_value = PoundsField(
        label="Estimated value in pounds",
        help_text="What it would cost to buy, for example 45 or 45.50. For hospitality, "
        "the value per person.",
        error_messages={"required": "Enter the estimated value in pounds, for example 45 or 45.50"},
    )
    offerer_is_supplier = _yes_no_field(
        "Supplier or contractor?",
        "Answer yes if they provide goods or services to the organisation, or are likely "
        "to bid to.",
        "Say whether the offer came from a supplier or contractor",
    )
    is_cash_or_voucher = _yes_no_field(
        "Is it cash, or a voucher or gift card?",
        "Include anything that can be spent like money, such as gift cards and tokens.",
        "Say whether it is cash or a voucher",
    )
    description = forms.CharField(
        label="What was offered",
        help_text="Describe it and the occasion, for example: dinner after the federation's "
        "annual meeting.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Describe what was offered",
            "max_length": _too_long("The description", 2000),
        },
    )
    # Chosen by typing (a search box with suggestions, ADR 0027): a select of every
    # organisation would list 14,000 once the national practice file is imported. The
    # hidden field carries an organisation already on an entry being corrected.
    offered_by_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Choose an organisation from the list, or type the name below"
        },
    )
    offered_by_name = forms.CharField(
        label="Offered by",
        help_text="Start typing to see organisations on the list and choose one, or type its "
        "ODS code. If a person, or an organisation not on the list, made the offer, type "
        "their name.",
        max_length=200,
        required=False,
        error_messages={"max_length": _too_long("The name", 200)},
    )
    offered_on = NhsDateField(
        label="Date offered",
        help_text="For example 27 3 2025",
        error_messages={
            "required": "Enter the date the offer was made",
            # NhsDateField's own message for a partly typed date never shows: its
            # day, month and year parts are each required, so Django reports this.
            "incomplete": "Date offered must include a day, month and year",
        },
    )
    outcome = forms.ChoiceField(
        label="What did you do?",
        choices=Outcome.choices,
        widget=ChoiceHintsRadioSelect(
            choice_hints={
                Outcome.ACCEPTED: "You kept the gift or took up the hospitality",
                Outcome.ACCEPTED_FOR_ORGANISATION: "The gift belongs to the organisation, "
                "not to you: for example it is on display or raffled for charity",
                Outcome.DECLINED: "Record offers you turned down too",
            }
        ),
        error_messages={"required": "Choose whether you accepted or declined the offer"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Why you accepted or declined it. Required when hospitality is accepted "
        "with senior approval.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _too_long("The reason", 2000)},
    )
    senior_approval_by = forms.CharField(
        label="Senior approval given by",
        help_text="Only for hospitality that needs senior approval: the name and job title "
        "of the senior manager who approved it.",
        max_length=200,
        required=False,
        error_messages={"max_length": _too_long("The name of the senior manager", 200)},
    )

    def __init__(self, *args: Any, current_organisation: Organisation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["offered_by_organisation"].queryset = organisation_choices(  # type: ignore[attr-defined]
            current_organisation
        )
        self.fields["offerer_is_supplier"].label = _supplier_label()
        self.current_organisation = current_organisation
        initial_organisation = self.initial.get("offered_by_organisation")
        if not self.is_bound and current_organisation and initial_organisation:
            # Shown in the search box; the hidden field is not rendered.
            self.initial["offered_by_name"] = _label(current_organisation)
            self.initial["offered_by_organisation"] = None
        self.fields["offered_by_name"].widget.attrs.update(
            {"list": "organisation-suggestions", "autocomplete": "off"}
        )

    def clean_offered_on(self) -> Any:
        day = self.cleaned_data["offered_on"]
        if day and day > timezone.localdate():
            raise ValidationError("The date offered must be today or in the past", code="future")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "offered_by_organisation" in self.errors:
            # The hidden field is not on the page: its error belongs to the search box.
            for message in self.errors.pop("offered_by_organisation"):
                self.add_error("offered_by_name", message)
        organisation = data.get("offered_by_organisation")
        name = data.get("offered_by_name", "")
        if "offered_by_organisation" in data and "offered_by_name" in data:
            if organisation is None and not name:
                self.add_error("offered_by_name", "Choose who made the offer, or type their name")
            elif organisation is None:
                # A name or code from the suggestions, or typed exactly: the organisation.
                current = self.current_organisation
                keeps = current is not None and name.casefold() in {
                    current.name.casefold(),
                    _label(current).casefold(),
                }
                found = current if keeps else find_organisation(name)
                if found is not None:
                    data["offered_by_organisation"], data["offered_by_name"] = found, ""
            elif organisation is not None and name:
                self.add_error(
                    "offered_by_name",
                    "Choose an organisation from the list or type a name, not both",
                )
        needed = ("kind", "estimated_value", "offerer_is_supplier", "is_cash_or_voucher", "outcome")
        if all(data.get(name) is not None and name not in self.errors for name in needed):
            for problem in outcome_problems(
                kind=data["kind"],
                value=data["estimated_value"],
                offerer_is_supplier=data["offerer_is_supplier"],
                is_cash_or_voucher=data["is_cash_or_voucher"],
                outcome=data["outcome"],
                senior_approval_by=data.get("senior_approval_by", ""),
                reason=data.get("reason", ""),
                thresholds=_thresholds(),
            ):
                if problem.field not in self.errors:
                    self.add_error(problem.field, problem.message)
        return data

    def gift_fields(self) -> dict[str, Any]:
        """The cleaned answers, named as the service expects."""
        return {name: self.cleaned_data[name] for name in GIFT_FIELDS}


class GiftCorrectionForm(GiftForm, VersionedForm):
    change_reason = forms.CharField(
        label="What did you correct, and why?",
        help_text="For example: the value was £45, not £54. The earlier version is kept. "
        "100 characters or fewer.",
        max_length=100,
        error_messages={
            "required": "Say what you corrected and why",
            "max_length": _too_long("The reason for the correction", 100),
        },
    )


def initial_from(gift: GiftOrHospitality) -> dict[str, Any]:
    """A correction form starts from the entry as it stands."""
    return {
        "kind": gift.kind,
        "estimated_value": f"{gift.estimated_value:.2f}",
        "offerer_is_supplier": "yes" if gift.offerer_is_supplier else "no",
        "is_cash_or_voucher": "yes" if gift.is_cash_or_voucher else "no",
        "description": gift.description,
        "offered_by_organisation": gift.offered_by_organisation_id,
        "offered_by_name": gift.offered_by_name,
        "offered_on": gift.offered_on,
        "outcome": gift.outcome,
        "reason": gift.reason,
        "senior_approval_by": gift.senior_approval_by,
        VERSION_FIELD: gift_version(gift),
    }
