"""Forms the governance team and the Guardian use on the register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.concurrency import VersionedForm
from core.forms import NhsDateField


class ReviewForm(VersionedForm):
    action_taken = forms.CharField(
        label="Action taken to mitigate the risk",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "What has been agreed to manage the interest. This is published. For example: "
            '"Will not take part in decisions about the GP federation\'s contracts"'
        ),
    )


class WithholdingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: do not publish this entry"),
            ("refuse", "Refuse: publish it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or refuse the request"},
    )
    note = forms.CharField(
        label="Reason for your decision",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the entry for audit",
        error_messages={"required": "Record the reason for your decision"},
    )


class CampaignForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Annual declaration 2026/27",
        error_messages={"required": "Enter a title"},
    )
    deadline = NhsDateField(
        label="Deadline",
        help_text=(
            "The date by which every decision-making member must respond. For example, 31 1 2027"
        ),
        error_messages={"required": "Enter the deadline"},
    )

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("The deadline must be today or in the future")
        return deadline


class PublishedSearchForm(forms.Form):
    person = forms.CharField(
        label="Person",
        required=False,
        max_length=100,
        help_text="Part of a name, for example Patel",
    )
    organisation = forms.CharField(
        label="Organisation",
        required=False,
        max_length=100,
        help_text="Part of an organisation's name, for example federation",
    )
    text = forms.CharField(
        label="Any words", required=False, max_length=100, help_text="Searches every column"
    )
