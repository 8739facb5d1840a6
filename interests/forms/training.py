"""Forms for training records: one completion, a CSV import, a withdrawal."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import NhsDateField
from interests.models import Member, TrainingModule
from interests.tabular import ENCODING_CHOICES, MAX_BYTES, UTF8


class TrainingRecordForm(forms.Form):
    member = forms.ModelChoiceField(
        label="Person",
        queryset=Member.objects.filter(is_active=True).order_by("last_name", "first_name"),
        empty_label="Choose a person",
        error_messages={"required": "Choose the person who did the training"},
    )
    module = forms.ChoiceField(
        label="Module",
        choices=TrainingModule.choices,
        widget=forms.RadioSelect,
        initial=TrainingModule.MODULE_1,
        help_text="Module 1 is mandatory for decision-making staff; modules 2 and 3 are optional.",
        error_messages={"required": "Choose the module"},
    )
    completed_on = NhsDateField(
        label="Date of the assessment",
        help_text="As on the certificate, for example 27 3 2026",
        error_messages={"required": "Enter the date of the assessment"},
    )
    score = forms.IntegerField(
        label="Score (%)",
        min_value=0,
        max_value=100,
        help_text="80% or more is a pass",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the score",
            "invalid": "Enter the score as a whole number, like 85",
            "min_value": "The score must be from 0 to 100",
            "max_value": "The score must be from 0 to 100",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].label_from_instance = lambda m: (  # type: ignore[attr-defined]
            f"{m.full_name} ({m.job_title})" if m.job_title else m.full_name
        )


class TrainingImportForm(forms.Form):
    file = forms.FileField(
        label="Training file",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        help_text=(
            "A CSV file or an Excel workbook (.xlsx) with the columns Email, Module "
            "(1, 2 or 3), Date completed and Score (a percentage)."
        ),
        error_messages={"required": "Choose the file to import", "empty": "The file is empty"},
    )
    encoding = forms.ChoiceField(
        label="How the file was saved",
        choices=ENCODING_CHOICES,
        initial=UTF8,
        widget=forms.RadioSelect,
        help_text="Only matters for CSV files. If you are not sure, choose UTF-8.",
        error_messages={"required": "Choose how the file was saved"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than 5 MB. Split it into smaller files and import each in turn."
            )
        return upload


class TrainingWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this record wrong?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: entered against the wrong person. The record stays, marked "
        "as withdrawn, with your reason.",
        error_messages={"required": "Say why the record is wrong"},
    )
