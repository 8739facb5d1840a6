from __future__ import annotations

from typing import Any

from django import forms

from core.digits import is_digits
from core.schedules.selectors import DAY_NAMES

# Monday first, as people read a week.
_DAY_CHOICES = [(str(day), DAY_NAMES[day]) for day in (1, 2, 3, 4, 5, 6, 0)]


class ScheduleForm(forms.Form):
    time = forms.CharField(
        label="Time",
        help_text="24-hour clock, UK time, for example 08:30",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "inputmode": "numeric"}),
    )
    days = forms.MultipleChoiceField(
        label="Days",
        choices=_DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day"},
    )
    enabled = forms.TypedChoiceField(
        label="Send it",
        choices=[("1", "Yes, on this schedule"), ("0", "No, switched off")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    version = forms.CharField(widget=forms.HiddenInput)

    def clean_time(self) -> tuple[int, int]:
        raw = self.cleaned_data["time"].strip().replace(".", ":")
        hours, _, minutes = raw.partition(":")
        if not (is_digits(hours) and is_digits(minutes) and len(minutes) == 2):
            raise forms.ValidationError("Enter the time as hours and minutes, for example 08:30")
        hour, minute = int(hours), int(minutes)
        if hour > 23 or minute > 59:
            raise forms.ValidationError("Enter a time between 00:00 and 23:59")
        return hour, minute

    def clean_days(self) -> list[int]:
        return [int(day) for day in self.cleaned_data["days"]]

    @classmethod
    def initial_for(cls, *, hour: int, minute: int, days: list[int], enabled: bool,
                    version: str) -> dict[str, Any]:  # fmt: skip
        return {
            "time": f"{hour:02d}:{minute:02d}",
            "days": [str(day) for day in days],
            "enabled": "1" if enabled else "0",
            "version": version,
        }
