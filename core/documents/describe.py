"""Saying in words which filters a document was made with, from the screen's own form."""

from __future__ import annotations

import datetime

from django import forms


def filters_applied(form: forms.Form) -> list[tuple[str, str]]:
    """(label, value) for every filter the person set; a form with errors is described as
    the screen treats it: unfiltered."""
    if not form.is_bound or not form.is_valid():
        return []
    described = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], False):
            continue
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            text = str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
        elif isinstance(value, datetime.date):
            text = f"{value.day} {value:%B %Y}"
        elif value is True:
            text = "Yes"
        else:
            text = str(value)
        described.append((str(field.label or name), text))
    return described
