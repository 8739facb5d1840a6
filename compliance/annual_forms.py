"""Forms of the compliance dashboard, the annual attestation and the audit pack."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from compliance.selectors.dashboard import year_choices


class YearForm(forms.Form):
    """Which calendar year to read; this year when none (or a bad one) is given."""

    year = forms.TypedChoiceField(label="Year", coerce=int, required=False, choices=[])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)  # nosec B101: declared above
        field.choices = [(year, str(year)) for year in year_choices()]
        field.error_messages["invalid_choice"] = (
            "Choose a year from the list: records are kept for six years"
        )

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


class AttestationForm(forms.Form):
    statement = forms.CharField(
        label="Statement",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Prefilled from the year's evidence: change it to say what you attest.",
    )
    exceptions = forms.CharField(
        label="Where the guidance was not followed, and what was done",
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Leave empty if there is nothing to report.",
    )
    change_reason = forms.CharField(
        label="Why this version replaces the signed one",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I have read the evidence for the year and sign this attestation",
        error_messages={"required": "Confirm that you sign this attestation"},
    )

    def __init__(self, *args: object, superseding: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.superseding = superseding
        if not superseding:
            del self.fields["change_reason"]

    def clean_change_reason(self) -> str:
        reason = str(self.cleaned_data.get("change_reason", "")).strip()
        if self.superseding and not reason:
            raise forms.ValidationError("Say why this version replaces the signed one")
        return reason
