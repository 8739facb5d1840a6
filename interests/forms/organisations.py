"""Forms for the secretary's organisation screens: search, edit, relationships, links, imports."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from core.concurrency import VERSION_FIELD, VersionedForm
from core.forms import ChoiceHintsRadioSelect, NhsDateField
from core.idempotency import OnceForm
from interests.models import Organisation, OrganisationRelationship
from interests.selectors.organisations import organisations_matching
from interests.services.org_import import LAYOUT_LABELS, MAX_IMPORT_BYTES, Layout
from interests.services.organisations import (
    COMPANIES_HOUSE_MESSAGE,
    COMPANIES_HOUSE_NUMBER,
    OrganisationData,
    normalise_companies_house_number,
    organisation_version,
)

ORGANISATION_LOOKUP_HELP = (
    "Start typing the name to see matching organisations, or type its ODS code, for example B82005"
)
KIND_CHOICES = Organisation.Kind.choices


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or ODS code",
        required=False,
        max_length=100,
        help_text="Part of the name, or the whole ODS code, for example A81001",
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *KIND_CHOICES],
        help_text="Show only one kind of organisation",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Active and inactive"), ("active", "Active"), ("inactive", "Inactive")],
        help_text="Inactive organisations have closed or are dormant",
    )

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; empty filters when the form is not valid."""
        if not self.is_valid():
            return {}
        status = self.cleaned_data["status"]
        return {
            "search": self.cleaned_data["q"],
            "kind": self.cleaned_data["kind"],
            "active": {"active": True, "inactive": False}.get(status),
        }


class OrganisationForm(OnceForm, VersionedForm):
    name = forms.CharField(
        max_length=200,
        help_text="The organisation's full name, as it should appear on the register",
        error_messages={"required": "Enter the organisation's name"},
    )
    kind = forms.ChoiceField(
        choices=KIND_CHOICES,
        help_text="What sort of organisation it is",
        error_messages={"required": "Select what kind of organisation it is"},
    )
    ods_code = forms.CharField(
        label="ODS code (optional)",
        required=False,
        max_length=12,
        help_text=(
            "The NHS Organisation Data Service code, for example A81001 for a GP practice. "
            "Leave it empty if the organisation has none"
        ),
    )
    companies_house_number = forms.CharField(
        label="Companies House number (optional)",
        required=False,
        max_length=12,
        help_text=(
            "8 characters: 8 digits, like 01234567, or 2 letters and 6 digits, like SC123456"
        ),
    )
    nature_of_business = forms.CharField(
        label="Nature of business (optional)",
        required=False,
        max_length=300,
        help_text="What the organisation does, as shown on the published register",
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The address of its main site",
    )
    postcode = forms.CharField(
        label="Postcode (optional)", required=False, max_length=10, help_text="For example TS18 1HU"
    )
    is_active = forms.BooleanField(
        label="The organisation is active",
        required=False,
        help_text="Untick this when it closes. It stays on record for the history of the register",
    )

    @classmethod
    def for_organisation(cls, organisation: Organisation, **kwargs: Any) -> OrganisationForm:
        initial = {name: getattr(organisation, name) for name in OrganisationData.fields()}
        initial[VERSION_FIELD] = organisation_version(organisation)
        return cls(initial=initial, **kwargs)

    def clean_companies_house_number(self) -> str:
        number = normalise_companies_house_number(self.cleaned_data["companies_house_number"])
        if number and not COMPANIES_HOUSE_NUMBER.match(number):
            raise forms.ValidationError(COMPANIES_HOUSE_MESSAGE)
        return number

    def data_for_service(self) -> OrganisationData:
        return OrganisationData(
            **{name: self.cleaned_data[name] for name in OrganisationData.fields()}
        )


class OrganisationLookupField(forms.CharField):
    """An organisation typed as its name or ODS code; cleans to the Organisation."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 220)
        kwargs.setdefault("help_text", ORGANISATION_LOOKUP_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "organisation-suggestions", "autocomplete": "off"})

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        matches = organisations_matching(text)
        if not matches:
            raise forms.ValidationError(
                f"No organisation has the name or ODS code “{text}”. Check the spelling, "
                "choose from the suggestions, or add the organisation first"
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                f"More than one organisation is called “{text}”: type its ODS code instead"
            )
        return matches[0]


def _lookup_text(organisation: Organisation) -> str:
    if organisation.ods_code:
        return f"{organisation.name} ({organisation.ods_code})"
    return organisation.name


RELATIONSHIP_HINTS = {
    OrganisationRelationship.Kind.MEMBER_OF: (
        "For example a GP practice that is a member of a GP federation or a primary care network"
    ),
    OrganisationRelationship.Kind.SUBSIDIARY_OF: "A company controlled by another company",
    OrganisationRelationship.Kind.OWNED_BY: "Owned in whole or in part by the other organisation",
    OrganisationRelationship.Kind.PARTNER_IN: (
        "A partner in a joint venture, consortium or alliance (the other organisation)"
    ),
}


class RelationshipForm(forms.Form):
    source = OrganisationLookupField(
        label="Organisation",
        error_messages={"required": "Enter the organisation the relationship is from"},
    )
    kind = forms.ChoiceField(
        label="Is a",
        choices=OrganisationRelationship.Kind.choices,
        widget=ChoiceHintsRadioSelect(
            choice_hints={str(k): v for k, v in RELATIONSHIP_HINTS.items()}
        ),
        help_text="How the first organisation is related to the second",
        error_messages={"required": "Select how the organisations are related"},
    )
    target = OrganisationLookupField(
        label="Of this organisation",
        error_messages={"required": "Enter the organisation it is related to"},
    )
    start_date = NhsDateField(
        label="Start date",
        help_text="When the relationship began, for example 1 4 2019",
        error_messages={"required": "Enter the date the relationship began"},
    )
    end_date = NhsDateField(
        label="End date (optional)",
        required=False,
        help_text="Only if it has already ended, or will end on a known date",
    )

    def __init__(self, *args: Any, source: Organisation | None = None, **kwargs: Any) -> None:
        if source is not None:
            kwargs.setdefault("initial", {})["source"] = _lookup_text(source)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source, target = data.get("source"), data.get("target")
        if source is not None and target is not None and source.pk == target.pk:
            self.add_error(
                "target", "An organisation cannot be related to itself: choose another organisation"
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return data


class RelationshipEndForm(forms.Form):
    end_date = NhsDateField(
        label="End date",
        help_text="The last day the relationship held, for example 31 3 2024",
        error_messages={"required": "Enter the date the relationship ended"},
    )

    def __init__(self, *args: Any, relationship: OrganisationRelationship, **kwargs: Any) -> None:
        self.relationship = relationship
        super().__init__(*args, **kwargs)

    def clean_end_date(self) -> datetime.date:
        end: datetime.date = self.cleaned_data["end_date"]
        start = self.relationship.start_date
        if start and end < start:
            raise forms.ValidationError(
                f"The end date must be the same as or after the day it began, "
                f"{start.day} {start:%B %Y}"
            )
        return end


class LinkNameForm(forms.Form):
    organisation = OrganisationLookupField(
        label="Organisation",
        error_messages={"required": "Enter the organisation these entries are about"},
    )

    def __init__(self, *args: Any, suggestion: Organisation | None = None, **kwargs: Any) -> None:
        if suggestion is not None:
            kwargs.setdefault("initial", {})["organisation"] = _lookup_text(suggestion)
        super().__init__(*args, **kwargs)


class CreateFromNameForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "Select a kind"), *KIND_CHOICES],
        help_text="You can add its ODS code and other details afterwards",
        error_messages={"required": "Select what kind of organisation it is"},
    )


LAYOUT_HINTS = {
    Layout.ODS.value: (
        "The national list of GP practices from NHS Digital (epraccur.csv): no header row, "
        "27 columns. Each practice's commissioner is added too"
    ),
    Layout.SIMPLE.value: (
        "A CSV whose first line is name,kind,ods_code,member_of. Kind is, for example, "
        "GP practice or Charity; member_of is another organisation's ODS code or name, or empty"
    ),
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A .csv file saved as UTF-8, no larger than 20 MB",
        error_messages={
            "required": "Choose the CSV file to import",
            "empty": "The chosen file is empty",
            "invalid": "Choose a CSV file",
        },
    )
    layout = forms.ChoiceField(
        label="Layout of the file",
        choices=[(layout.value, LAYOUT_LABELS[layout]) for layout in Layout],
        widget=ChoiceHintsRadioSelect(choice_hints=LAYOUT_HINTS),
        help_text="Which of the two layouts the file follows",
        error_messages={"required": "Select the layout of the file"},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            size = upload.size / (1024 * 1024)
            raise forms.ValidationError(
                f"The file is {size:.1f} MB; it must be no larger than "
                f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB"
            )
        return upload
