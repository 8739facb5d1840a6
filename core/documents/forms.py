from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

CHECK_MAX_BYTES = 200 * 1024 * 1024


class CheckDocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload the PDF",
        help_text="The PDF you were sent or downloaded, exactly as you received it",
        error_messages={"required": "Select the PDF to check"},
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.size:
            raise ValidationError("The selected file is empty")
        if upload.size > CHECK_MAX_BYTES:
            raise ValidationError("The selected file must be smaller than 200 MB")
        return upload
