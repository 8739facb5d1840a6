"""Forms for running a procurement: the procurement itself, its lots and its bidders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from core.concurrency import VERSION_FIELD, VersionedForm
from core.forms import ChoiceHintsRadioSelect, NhsDateField
from interests.forms.declarations import find_organisation
from interests.models import Member, Organisation
from meetings.forms.meetings import CommitteeChoiceField, MemberChoiceField
from meetings.models import Committee
from procurements.models import Bid, Lot, Procurement
from procurements.services.procurements import lot_version, procurement_version

Route = Procurement.Route

ROUTE_HINTS: dict[str, str] = {
    Route.PSR_DIRECT_A: (
        "Provider Selection Regime (healthcare services, since 2024). The existing provider is "
        "the only one able to provide the service, so the contract goes to it without a "
        "competition."
    ),
    Route.PSR_DIRECT_B: (
        "Provider Selection Regime. Patients choose their provider and the number of providers "
        "is not limited, so every provider that meets the requirements gets a contract."
    ),
    Route.PSR_DIRECT_C: (
        "Provider Selection Regime. The existing provider is doing well and the service is not "
        "changing much, so the contract is renewed with it after a notice of intent."
    ),
    Route.PSR_MOST_SUITABLE: (
        "Provider Selection Regime. The commissioner judges, against the key criteria, which "
        "provider is most suitable without running a competition."
    ),
    Route.PSR_COMPETITIVE: (
        "Provider Selection Regime. Providers compete and their bids are scored against the "
        "key criteria by an evaluation panel."
    ),
    Route.OPEN: ("Public contracts rules. Any supplier may send a full tender in one stage."),
    Route.RESTRICTED: (
        "Public contracts rules. Suppliers first pass a selection stage; only those shortlisted "
        "are invited to tender."
    ),
    Route.COMPETITIVE_DIALOGUE: (
        "Public contracts rules. The commissioner discusses solutions with shortlisted suppliers "
        "before they send final tenders; for complex services."
    ),
    Route.FRAMEWORK: (
        "Public contracts rules. The contract is awarded to a supplier already on an agreed "
        "framework, directly or after a mini-competition."
    ),
    Route.OTHER: "Any other route. Explain it in the comments.",
}

NEW_SERVICE_CHOICES = [
    ("yes", "New procurement"),
    ("no", "Existing contract"),
]
NEW_SERVICE_HINTS = {
    "yes": "A service that is being bought for the first time",
    "no": "A contract already in place, being re-procured, renewed or extended",
}


class PoundsField(forms.DecimalField):
    """An amount in pounds, typed with or without "£" and thousands separators.

    A text box rather than type=number, so "£6,800,000" is accepted as typed.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "nhsuk-input--width-10"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").strip()
        return super().to_python(value)


def _members_for_choice(*current: Member | None) -> Any:
    keep = [m.pk for m in current if m is not None]
    return Member.objects.filter(Q(is_active=True) | Q(pk__in=keep)).order_by(
        "last_name", "first_name"
    )


class ProcurementForm(VersionedForm):
    reference = forms.CharField(
        label="Reference",
        max_length=40,
        help_text="The procurement's own reference, for example NCCG/2026/014. It must be unique.",
        error_messages={
            "required": "Enter the procurement's reference",
            "max_length": "The reference must be 40 characters or fewer",
        },
    )
    title = forms.CharField(
        label="Contract or service title",
        max_length=200,
        help_text="As the public will read it, for example Community and out-of-hours services",
        error_messages={
            "required": "Enter the contract or service title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is being bought, in a sentence or two. It is published in the register.",
    )
    is_new_service = forms.ChoiceField(
        label="New procurement or existing contract",
        choices=NEW_SERVICE_CHOICES,
        widget=ChoiceHintsRadioSelect(choice_hints=NEW_SERVICE_HINTS),
        help_text="The procurement decisions register records which it is",
        error_messages={"required": "Choose new procurement or existing contract"},
    )
    route = forms.ChoiceField(
        label="Procurement route",
        choices=Route.choices,
        widget=ChoiceHintsRadioSelect(choice_hints={str(k): v for k, v in ROUTE_HINTS.items()}),
        help_text=(
            "Healthcare services are bought under the Provider Selection Regime; other goods "
            "and services follow the public contracts rules."
        ),
        error_messages={"required": "Choose the procurement route"},
    )
    clinical_lead = MemberChoiceField(
        label="Clinical lead (optional)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Not chosen yet",
        help_text="The clinician responsible for the service specification",
    )
    contract_manager = MemberChoiceField(
        label="Contract manager (optional)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Not chosen yet",
        help_text="The person who will manage the contract once it is awarded",
    )
    procurement_lead = MemberChoiceField(
        label="Procurement lead (optional)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Not chosen yet",
        help_text=(
            "Runs the procurement and may open every bid document, with each lot's signed, "
            "clear evaluation panel. Nobody else may open them, the governance team included."
        ),
    )
    deciding_committee = CommitteeChoiceField(
        label="Committee deciding the award (optional)",
        queryset=Committee.objects.none(),
        required=False,
        empty_label="Not chosen yet",
        help_text="The committee that will decide who is awarded the contract",
    )
    started_on = NhsDateField(
        label="Date started (optional)",
        required=False,
        help_text="For example, 1 3 2026",
    )
    comments = forms.CharField(
        label="Comments (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything the register should say that the other answers do not",
    )

    def __init__(self, *args: Any, procurement: Procurement | None = None, **kwargs: Any) -> None:
        if procurement is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "reference": procurement.reference,
                "title": procurement.title,
                "description": procurement.description,
                "is_new_service": "yes" if procurement.is_new_service else "no",
                "route": procurement.route,
                "clinical_lead": procurement.clinical_lead,
                "contract_manager": procurement.contract_manager,
                "procurement_lead": procurement.procurement_lead,
                "deciding_committee": procurement.deciding_committee,
                "started_on": procurement.started_on,
                "comments": procurement.comments,
                VERSION_FIELD: procurement_version(procurement),
            }
        super().__init__(*args, **kwargs)
        self.procurement = procurement
        current = (
            (procurement.clinical_lead, procurement.contract_manager, procurement.procurement_lead)
            if procurement is not None
            else ()
        )
        members = _members_for_choice(*current)
        for name in ("clinical_lead", "contract_manager", "procurement_lead"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]
        committee = procurement.deciding_committee_id if procurement is not None else None
        self.fields["deciding_committee"].queryset = Committee.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk=committee)
        ).order_by("name")

    def clean_reference(self) -> str:
        reference = " ".join(self.cleaned_data["reference"].split())
        others = Procurement.objects.filter(reference__iexact=reference)
        if self.procurement is not None:
            others = others.exclude(pk=self.procurement.pk)
        if others.exists():
            raise forms.ValidationError(
                f"Another procurement already has the reference {reference}"
            )
        return reference

    def procurement_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop(VERSION_FIELD, None)
        data["is_new_service"] = data["is_new_service"] == "yes"
        for name in ("reference", "title", "description", "comments"):
            data[name] = data[name].strip()
        return data


class LotForm(VersionedForm):
    number = forms.IntegerField(
        label="Lot number",
        min_value=1,
        max_value=999,
        help_text="For example, 2",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        error_messages={
            "required": "Enter the lot number",
            "invalid": "The lot number must be a whole number, for example 2",
            "min_value": "The lot number must be 1 or more",
            "max_value": "The lot number must be 999 or less",
        },
    )
    title = forms.CharField(
        label="Lot title",
        max_length=200,
        help_text="For example, Out-of-hours",
        error_messages={
            "required": "Enter the lot's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    estimated_value = PoundsField(
        label="Estimated value, in pounds (optional)",
        required=False,
        help_text="The whole contract's estimated value, for example £6,800,000",
        error_messages={
            "invalid": "Enter the estimated value as an amount in pounds, for example £6,800,000",
            "max_digits": "The estimated value is too large",
            "max_decimal_places": "The estimated value can have at most 2 decimal places (pence)",
            "max_whole_digits": "The estimated value is too large",
        },
    )

    def __init__(
        self, *args: Any, procurement: Procurement, lot: Lot | None = None, **kwargs: Any
    ) -> None:
        if lot is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "number": lot.number,
                "title": lot.title,
                "estimated_value": lot.estimated_value,
                VERSION_FIELD: lot_version(lot),
            }
        super().__init__(*args, **kwargs)
        self.procurement = procurement
        self.lot = lot

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        others = Lot.objects.filter(procurement=self.procurement, number=number)
        if self.lot is not None:
            others = others.exclude(pk=self.lot.pk)
        if others.exists():
            raise forms.ValidationError(f"This procurement already has a lot {number}")
        return number


# Awarded and unsuccessful are set by recording the award, not by hand.
BID_STATUS_CHOICES = [
    (value, label)
    for value, label in Bid.Status.choices
    if value not in (Bid.Status.AWARDED, Bid.Status.UNSUCCESSFUL)
]


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.ods_code})" if obj.ods_code else str(obj.name)


class BidAddForm(forms.Form):
    organisation = OrganisationChoiceField(
        label="Organisation bidding for other lots",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose an organisation",
        help_text="Organisations already bidding for another lot of this procurement",
    )
    organisation_text = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        help_text=(
            "Start typing to see matching organisations, then choose one; or type its exact name "
            "or its ODS code, for example Y01234."
        ),
    )
    status = forms.ChoiceField(
        label="Status of the bid",
        choices=BID_STATUS_CHOICES,
        initial=Bid.Status.EXPRESSED_INTEREST,
        help_text="You can change it later, as the procurement moves on",
        error_messages={"required": "Choose the status of the bid"},
    )

    def __init__(self, *args: Any, lot: Lot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bidding_here = Bid.objects.filter(lot=lot).values("organisation_id")
        elsewhere = (
            Organisation.objects.filter(bids__lot__procurement_id=lot.procurement_id)
            .exclude(pk__in=bidding_here)
            .distinct()
            .order_by("name")
        )
        self.fields["organisation"].queryset = elsewhere  # type: ignore[attr-defined]
        self.has_choices = elsewhere.exists()
        if not self.has_choices:
            del self.fields["organisation"]
            self.fields["organisation_text"].required = True
            self.fields["organisation_text"].error_messages["required"] = (
                "Enter the organisation's name or ODS code"
            )
        else:
            self.fields["organisation_text"].label = "Or another organisation"
        self.fields["organisation_text"].widget.attrs.update(
            {"list": "organisation-suggestions", "autocomplete": "off"}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("organisation")
        text = " ".join((data.get("organisation_text") or "").split())
        if chosen is not None and text:
            self.add_error(
                "organisation_text",
                "Choose an organisation from the list or type one, not both",
            )
        elif chosen is None and text:
            found = find_organisation(text)
            if found is None:
                self.add_error(
                    "organisation_text",
                    f"We could not find \u201c{text}\u201d in the list of organisations. Type "
                    "its exact name or ODS code, or ask the governance team to add it first",
                )
            data["organisation"] = found
        elif chosen is None and "organisation_text" not in self.errors:
            self.add_error("organisation_text", "Choose the organisation bidding, or type its name")
        return data


class BidStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=BID_STATUS_CHOICES,
        error_messages={"required": "Choose the bid's new status"},
    )

    def __init__(self, *args: Any, bid: Bid, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"bid-{bid.pk}")
        kwargs.setdefault("initial", {"status": bid.status})
        super().__init__(*args, **kwargs)
        self.fields["status"].label = f"New status for {bid.organisation.name}"
