"""Filtering the audit trail for auditors: by who did it, the record, the action and the day.

The choices of record type and action are those the trail holds, so an auditor picks from
what happened rather than guessing codes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.forms import NhsDateField
from core.models import AuditEvent
from core.selectors import audit_distinct_values


def _type_label(label: str) -> str:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return f"{str(model._meta.verbose_name).capitalize()} ({label})"


class AuditFilterForm(forms.Form):
    who = forms.CharField(
        label="Who did it",
        required=False,
        max_length=150,
        help_text='Part of their username or name; "system" for the product itself',
    )
    record_type = forms.ChoiceField(label="Kind of record", required=False)
    record_id = forms.CharField(
        label="Record number",
        required=False,
        max_length=64,
        help_text="With a kind of record: that one record, for example a person's number",
    )
    action = forms.ChoiceField(label="What was done", required=False)
    date_from = NhsDateField(label="From", required=False, help_text="For example 1 4 2026")
    date_to = NhsDateField(label="To", required=False, help_text="For example 31 3 2027")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = [t for t in audit_distinct_values("object_type") if t]
        actions = audit_distinct_values("action")
        record_type = self.fields["record_type"]
        action = self.fields["action"]
        if isinstance(record_type, forms.ChoiceField) and isinstance(action, forms.ChoiceField):
            record_type.choices = [("", "Any kind")] + sorted(
                ((t, _type_label(t)) for t in types), key=lambda c: c[1]
            )
            action.choices = [("", "Anything")] + [(a, a) for a in actions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        if data.get("record_id") and not data.get("record_type"):
            self.add_error("record_type", "Choose the kind of record the number belongs to")
        return data

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """The events matching the valid filters (an invalid form filters nothing out, and
        shows its errors)."""
        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        who = (data.get("who") or "").strip()
        if who.lower() == "system":
            events = events.filter(actor__isnull=True)
        elif who:
            for word in who.split()[:4]:
                events = events.filter(
                    Q(actor__username__icontains=word)
                    | Q(actor__first_name__icontains=word)
                    | Q(actor__last_name__icontains=word)
                )
        if data.get("record_type"):
            events = events.filter(object_type=data["record_type"])
            if data.get("record_id"):
                events = events.filter(object_id=data["record_id"].strip())
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("date_from"):
            events = events.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
