"""Forms for importing an existing register: the upload, the columns, the commit."""

from __future__ import annotations

from typing import Any

from django import forms

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


class RegisterColumnsForm(forms.Form):
    """A select per register field, listing the file's headings."""

    def __init__(self, *args: Any, headings: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for register_field in REGISTER_FIELDS:
            empty = "Choose a column" if register_field.required else "Not in this file"
            label = register_field.label
            self.fields[register_field.key] = forms.ChoiceField(
                label=label if register_field.required else f"{label} (optional)",
                choices=[("", empty), *((heading, heading) for heading in headings)],
                required=register_field.required,
                help_text=register_field.help_text,
                error_messages={
                    "required": f"Choose the column that holds the {label.lower()}",
                    "invalid_choice": "Choose one of the file's columns",
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen_for: dict[str, str] = {}
        for register_field in REGISTER_FIELDS:
            heading = cleaned.get(register_field.key)
            if not heading:
                continue
            if heading in chosen_for:
                self.add_error(
                    register_field.key,
                    f"“{heading}” is already chosen for {chosen_for[heading]}. Choose a "
                    "different column, or none",
                )
            else:
                chosen_for[heading] = register_field.label.lower()
        return cleaned

    @property
    def mapping(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}


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
