"""Forms of the breaches register."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone

from compliance.models import Breach
from compliance.services.breaches import BreachReport, Outcome
from core.concurrency import StaleEdit
from core.forms import ChoiceHintsRadioSelect, NhsDateField
from interests.models import Member

_CONFIDENTIAL_HINT = (
    "Do not write confidential item titles or bid details: name the meeting and item number, "
    "and each reader sees the item as they may."
)


class BreachFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Any outcome"), *Breach.Status.choices]
    )
    rule = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Breach.Rule.choices]
    )
    year = forms.IntegerField(
        label="Year it happened",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "invalid": "Enter a year, for example 2026",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year up to 2100",
        },
    )

    def filters(self) -> dict[str, Any]:
        """The filters to apply: none that failed validation."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "rule": data.get("rule") or "",
            "year": data.get("year"),
        }


class BreachRecordForm(forms.Form):
    rule = forms.ChoiceField(
        label="What kind of breach is it?", choices=Breach.Rule.choices, initial=Breach.Rule.OTHER
    )
    member = forms.ModelChoiceField(
        label="Whose breach is it?",
        queryset=Member.objects.order_by("last_name", "first_name"),
        required=False,
        empty_label="Nobody in particular",
        help_text="Their name is never published: the published register is anonymised.",
    )
    occurred_on = NhsDateField(
        label="When did it happen?",
        help_text="For example 27 3 2026",
        error_messages={"required": "Enter the date it happened"},
    )
    what_happened = forms.CharField(
        label="What happened?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_CONFIDENTIAL_HINT,
        error_messages={
            "required": "Say what happened",
            "max_length": "Keep it to 4,000 characters or fewer",
        },
    )
    how_found = forms.ChoiceField(
        label="How was it found?",
        choices=[c for c in Breach.HowFound.choices if c[0] != Breach.HowFound.DETECTED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it was found"},
    )
    how_found_detail = forms.CharField(
        label="Who found or reported it (optional)",
        max_length=300,
        required=False,
        error_messages={"max_length": "Keep it to 300 characters or fewer"},
    )

    def report(self) -> BreachReport:
        data = self.cleaned_data
        return BreachReport(
            rule=data["rule"],
            member=data["member"],
            occurred_on=data["occurred_on"],
            what_happened=data["what_happened"],
            how_found=data["how_found"],
            how_found_detail=data.get("how_found_detail", ""),
        )


_OUTCOME_HINTS: dict[str, str] = {
    Breach.Status.BREACH: "It goes on the breaches register and, anonymised, is published.",
    Breach.Status.NOT_A_BREACH: "It is kept with your reason and never raised again.",
}


class BreachOutcomeForm(forms.Form):
    """The Guardian's review (``with_status``) or a later update of a confirmed breach."""

    # Not required: a form posted without it is refused by the service as stale, with the
    # breach as it now reads, rather than with an error on a field nobody can see.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    edit_conflict: list[tuple[str, str]] | None = None
    status = forms.ChoiceField(
        label="Is this a breach?",
        choices=[
            (Breach.Status.BREACH, "Yes, it is a breach"),
            (Breach.Status.NOT_A_BREACH, "No, it is not a breach"),
        ],
        widget=ChoiceHintsRadioSelect(choice_hints=_OUTCOME_HINTS),
        error_messages={"required": "Choose whether this is a breach"},
    )
    note = forms.CharField(
        label="Your review",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when it is not a breach: why not. " + _CONFIDENTIAL_HINT,
        error_messages={"max_length": "Keep it to 4,000 characters or fewer"},
    )
    action_taken = forms.CharField(
        label="Action taken",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For a breach: what was done, or is being done, and by whom.",
        error_messages={"max_length": "Keep it to 4,000 characters or fewer"},
    )
    reported_to_nhse = forms.BooleanField(label="Reported to NHS England", required=False)
    reported_to_nhse_on = NhsDateField(
        label="Date reported to NHS England", required=False, help_text="For example 27 3 2026"
    )
    public_summary = forms.CharField(
        label="What happened, for the published register",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anonymised: no names. For example: a governing body member did not declare "
        "a known interest when an item came up.",
        error_messages={"max_length": "Keep it to 2,000 characters or fewer"},
    )
    public_action = forms.CharField(
        label="Action taken, for the published register",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anonymised: no names.",
        error_messages={"max_length": "Keep it to 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, with_status: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_status:
            del self.fields["status"]

    def clean_reported_to_nhse_on(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("reported_to_nhse_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("The date reported must be today or in the past")
        return value

    def show_conflict(self, error: StaleEdit) -> None:
        """Keep what the Guardian typed, show the breach as it now reads, and carry its new
        version so that a second, informed save goes through (core.concurrency)."""
        self.edit_conflict = error.current
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data["version"] = error.version
            self.data = data
        self.add_error(None, error.messages[0])

    def outcome(self) -> Outcome:
        data = self.cleaned_data
        return Outcome(
            status=data.get("status", Breach.Status.BREACH),
            note=data.get("note", ""),
            action_taken=data.get("action_taken", ""),
            reported_to_nhse=bool(data.get("reported_to_nhse")),
            reported_to_nhse_on=data.get("reported_to_nhse_on"),
            public_summary=data.get("public_summary", ""),
            public_action=data.get("public_action", ""),
        )


PUBLIC_SUMMARIES: dict[str, str] = {
    Breach.Rule.UNDECLARED_CONFLICT: (
        "A member had an interest in an item on the agenda, on the register, and did not "
        "declare it at the meeting."
    ),
    Breach.Rule.LATE_DECLARATION: (
        "A member declared an interest more than 28 days after it began."
    ),
    Breach.Rule.ANNUAL_MISSED: "A member did not make their annual declaration by the deadline.",
    Breach.Rule.EVALUATOR_EARLY_ACCESS: (
        "An evaluator opened bid documents before signing their declaration of interests."
    ),
    Breach.Rule.EXCLUDED_PRESENT: (
        "A member excluded from an item because of a conflict was recorded as present for it."
    ),
    Breach.Rule.GIFT_UNAPPROVED: (
        "A member accepted a gift or hospitality over the thresholds without the approval the "
        "policy requires."
    ),
}


def outcome_initial(breach: Breach) -> dict[str, Any]:
    return {
        "version": breach.version,
        "status": breach.status if not breach.awaiting_review else "",
        "note": breach.review_note,
        "action_taken": breach.action_taken,
        "reported_to_nhse": breach.reported_to_nhse,
        "reported_to_nhse_on": breach.reported_to_nhse_on,
        "public_summary": breach.public_summary or PUBLIC_SUMMARIES.get(breach.rule, ""),
        "public_action": breach.public_action,
    }
