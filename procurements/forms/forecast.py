"""The conflict forecast's question: which organisations might bid."""

from __future__ import annotations

from django import forms

from interests.models import Organisation

# The kinds a procurement lead most often means ("every GP federation and PCN").
FORECAST_KINDS = [
    (value, label)
    for value, label in Organisation.Kind.choices
    if value not in (Organisation.Kind.PUBLIC_BODY, Organisation.Kind.OTHER)
]


class ForecastForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations that may bid",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text="Choose one or more (hold Ctrl or Cmd to choose several)",
        error_messages={"invalid_choice": "Choose organisations from the list"},
    )
    kinds = forms.MultipleChoiceField(
        label="Or every organisation of a kind",
        choices=FORECAST_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose kinds of organisation from the list"},
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not self.errors and not data.get("organisations") and not data.get("kinds"):
            raise forms.ValidationError(
                "Choose at least one organisation, or a kind of organisation, that may bid"
            )
        return data
