"""The columns form every spreadsheet import shares: a select per field of the import,
listing the file's headings, and no heading chosen twice."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms


class ImportColumnsForm(forms.Form):
    import_fields: ClassVar[tuple[Any, ...]] = ()  # each with key, label, required, help_text

    def __init__(self, *args: Any, headings: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for import_field in self.import_fields:
            empty = "Choose a column" if import_field.required else "Not in this file"
            label = import_field.label
            self.fields[import_field.key] = forms.ChoiceField(
                label=label if import_field.required else f"{label} (optional)",
                choices=[("", empty), *((heading, heading) for heading in headings)],
                required=import_field.required,
                help_text=import_field.help_text,
                error_messages={
                    "required": f"Choose the column that holds the {label.lower()}",
                    "invalid_choice": "Choose one of the file's columns",
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen_for: dict[str, str] = {}
        for import_field in self.import_fields:
            heading = cleaned.get(import_field.key)
            if not heading:
                continue
            if heading in chosen_for:
                self.add_error(
                    import_field.key,
                    f"“{heading}” is already chosen for {chosen_for[heading]}. Choose a "
                    "different column, or none",
                )
            else:
                chosen_for[heading] = import_field.label.lower()
        return cleaned

    @property
    def mapping(self) -> dict[str, str]:
        keys = {import_field.key for import_field in self.import_fields}
        return {key: value for key, value in self.cleaned_data.items() if key in keys and value}
