"""Form rendering in the NHS.UK design system, and shared form fields.

Every Django form in the product renders through ``NhsukFormRenderer``, so
labels, hint text, error messages and ``aria-describedby`` follow the design
system's patterns without each template repeating them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.digits import is_digits


class NhsukFormRenderer(TemplatesSetting):
    form_template_name = "forms/nhsuk_form.html"
    field_template_name = "forms/nhsuk_field.html"


# Dates no one means (0001-01-01, 9999-12-31) are typing slips: a meeting dated 9999 was once
# published, held and approved. Every date typed is kept within this window unless a field
# says otherwise (meetings: 2000 to five years ahead).
EARLIEST_DATE = datetime.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest_date(years_ahead: int, today: datetime.date | None = None) -> datetime.date:
    today = today or datetime.date.today()
    try:
        return today.replace(year=today.year + years_ahead)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years_ahead, day=28)


def date_in_window(
    value: datetime.date,
    *,
    label: str = "The date",
    earliest: datetime.date = EARLIEST_DATE,
    years_ahead: int = YEARS_AHEAD,
) -> None:
    """Refuse a date before ``earliest`` or more than ``years_ahead`` years from today."""
    if value < earliest:
        raise ValidationError(
            f"{label} must be on or after {earliest.day} {earliest:%B %Y}", code="too_early"
        )
    latest = latest_date(years_ahead)
    if value > latest:
        raise ValidationError(
            f"{label} must be no more than {years_ahead} years from today "
            f"(on or before {latest.day} {latest:%B %Y})",
            code="too_late",
        )


class NhsDateInput(forms.MultiWidget):
    """The NHS.UK date input: separate day, month and year boxes."""

    template_name = "forms/widgets/nhs_date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "size": 2}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "size": 2}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class NhsDateField(forms.MultiValueField):
    """A date typed as day, month and year, with messages in plain English."""

    widget = NhsDateInput

    def __init__(
        self,
        *,
        earliest: datetime.date = EARLIEST_DATE,
        years_ahead: int = YEARS_AHEAD,
        **kwargs: Any,
    ) -> None:
        self.earliest = earliest
        self.years_ahead = years_ahead
        # Sub-fields are optional so a half-typed date reaches ``compress`` and
        # gets a message naming what is missing, not Django's generic one.
        fields = (
            forms.CharField(max_length=2, required=False),
            forms.CharField(max_length=2, required=False),
            forms.CharField(max_length=4, required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> datetime.date | None:
        if not data_list or not any(data_list):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        label = (self.label or "The date").capitalize()
        if not (day and month and year):
            raise ValidationError(f"{label} must include a day, month and year", code="incomplete")
        if not (is_digits(day) and is_digits(month) and is_digits(year)) or len(year) != 4:
            raise ValidationError(
                f"{label} must be a real date, for example 27 3 2024", code="invalid"
            )
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(
                f"{label} must be a real date, for example 27 3 2024", code="invalid"
            ) from exc
        date_in_window(value, label=label, earliest=self.earliest, years_ahead=self.years_ahead)
        return value


class ChoiceHintsRadioSelect(forms.RadioSelect):
    """Radios with a line of hint text under each choice.

    ``choice_hints`` maps a choice value to plain-English help; the template
    ``forms/nhsuk_field.html`` renders it with the design system's item hint.
    """

    def __init__(self, *args: Any, choice_hints: Mapping[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choice_hints = dict(choice_hints or {})


class LongSelect(forms.Select):
    """A drop-down with thousands of options (every person, every organisation), written out
    directly rather than through a template per option, which took seconds at that size.
    The markup is what ``forms.Select`` gives: a ``<select>`` with the widget's attributes
    and one escaped ``<option>`` per choice, in their groups."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        # Django gives each ungrouped option a group of its own: write runs of those as one.
        parts: list[str] = []
        loose: list[tuple[Any, str, Any]] = []
        for group_name, group_choices, _index in widget["optgroups"]:
            rows = [
                (option["value"], _SELECTED if option["selected"] else "", option["label"])
                for option in group_choices
            ]
            if not group_name:
                loose += rows
                continue
            parts.append(_options(loose))
            loose = []
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, _options(rows))
            )
        parts.append(_options(loose))
        attributes = flatatt({"name": widget["name"], **widget["attrs"]})
        options = format_html_join("", "{}", ((part,) for part in parts))  # each already safe
        return format_html("<select{}>{}</select>", attributes, options)


def _options(rows: list[tuple[Any, str, Any]]) -> str:
    return format_html_join("", '<option value="{}"{}>{}</option>', rows)


_SELECTED = SafeString(" selected")
