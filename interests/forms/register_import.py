"""Forms for importing an existing register: the upload, the columns, the commit."""

from __future__ import annotations

from typing import Any

from django import forms

from interests.forms.tabular_import import ImportColumnsForm
from interests.register_import_fields import REGISTER_FIELDS
from interests.selectors.register_import import ImportMode
from interests.tabular import ENCODING_CHOICES, MAX_BYTES, UTF8, TableError, table_read


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="Register file",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        help_text=(
            "A CSV file or an Excel workbook (.xlsx), at most 5 MB and 10,000 rows. The first "
            "row must hold the column headings; from a workbook, the first worksheet is read."
        ),
        error_messages={
            "required": "Choose the file to import",
            "empty": "The file is empty",
        },
    )
    encoding = forms.ChoiceField(
        label="How the file was saved",
        choices=ENCODING_CHOICES,
        initial=UTF8,
        widget=forms.RadioSelect,
        help_text=(
            "Only matters for CSV files. If you are not sure, choose UTF-8: you will be told "
            "if the other choice is needed."
        ),
        error_messages={"required": "Choose how the file was saved"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        encoding = cleaned.get("encoding")
        if upload is None or encoding is None:
            return cleaned
        if upload.size > MAX_BYTES:
            self.add_error(
                "file",
                "The file is larger than 5 MB. Split it into smaller files and import each "
                "in turn.",
            )
            return cleaned
        content = upload.read()
        try:
            table_read(content=content, encoding=encoding)
        except TableError as exc:
            self.add_error("file", str(exc))
            return cleaned
        cleaned["content"] = content
        return cleaned


class RegisterColumnsForm(ImportColumnsForm):
    """A select per register field, listing the file's headings."""

    import_fields = REGISTER_FIELDS


class RegisterCommitForm(forms.Form):
    """Carries the fingerprint of the preview the secretary saw, and what to do with rows
    that have errors."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    mode = forms.ChoiceField(
        label="What should happen to the rows with errors?",
        choices=[
            (
                ImportMode.VALID_ROWS.value,
                "Import the rows without errors now. Download the rows with errors, with the "
                "reason beside each, to correct and import again",
            ),
            (
                ImportMode.ALL_OR_NOTHING.value,
                "Import nothing until every row is correct (all or nothing)",
            ),
        ],
        initial=ImportMode.ALL_OR_NOTHING.value,
        required=False,
        widget=forms.RadioSelect,
    )

    @property
    def import_mode(self) -> ImportMode:
        value = self.cleaned_data.get("mode") if hasattr(self, "cleaned_data") else ""
        return ImportMode(value) if value else ImportMode.ALL_OR_NOTHING
