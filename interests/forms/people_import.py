"""Forms for importing people: the upload (the register import's), the columns, the commit."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from core.forms import NhsDateField
from interests.forms.register_import import RegisterUploadForm
from interests.forms.tabular_import import ImportColumnsForm
from interests.people_import_fields import PEOPLE_FIELDS
from interests.selectors.people_import import LeaverCandidate


class PeopleUploadForm(RegisterUploadForm):
    """The same checks as the register's upload: a readable CSV or XLSX file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Staff list"
        self.fields["file"].help_text = (
            "A CSV file or an Excel workbook (.xlsx), such as ESR's staff export, at most 5 MB "
            "and 10,000 rows. The first row must hold the column headings; from a workbook, "
            "the first worksheet is read."
        )


class PeopleColumnsForm(ImportColumnsForm):
    """A select per field, listing the file's headings, and whether the file lists everyone."""

    import_fields = PEOPLE_FIELDS

    def __init__(self, *args: Any, headings: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, headings=headings, **kwargs)
        self.fields["full"] = forms.BooleanField(
            label="This file lists everyone (a full staff list)",
            required=False,
            help_text=(
                "You will then be shown the people who are not in it, to choose which of them "
                "have left. Nobody is recorded as a leaver unless you choose them."
            ),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        has_names = cleaned.get("first_name") and cleaned.get("last_name")
        if not cleaned.get("full_name") and not has_names and not self.has_error("full_name"):
            self.add_error(
                "full_name",
                "Choose the column that holds the full name, or the columns of the first and "
                "last names",
            )
        return cleaned


class PeopleCommitForm(forms.Form):
    """The fingerprint of the preview the secretary saw, and the leavers she ticked."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    leavers = forms.TypedMultipleChoiceField(
        label="People not in the file who have left",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick only those you know have left. The others are left as they are.",
        error_messages={"invalid_choice": "Choose only people listed"},
    )
    left_on = NhsDateField(
        label="Date they left",
        required=False,
        help_text="For everyone ticked. For example 31 3 2026. If you leave it empty, today.",
    )

    def __init__(self, *args: Any, leavers: list[LeaverCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["leavers"])
        field.choices = [
            (
                leaver.member_id,
                f"{leaver.name}, {leaver.job_title}"
                + (f" (staff number {leaver.staff_number})" if leaver.staff_number else ""),
            )
            for leaver in leavers
        ]
