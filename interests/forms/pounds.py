"""Amounts typed in pounds, the way people write them: "45", "£45.50", "1,200"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# The model keeps ten digits, two of them pence.
MAX_VALUE = Decimal("100000000")

_POUNDS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")

VALUE_INVALID = "Enter the estimated value as a number of pounds, for example 45 or 45.50"
VALUE_NEGATIVE = "The estimated value cannot be negative"
VALUE_PENCE = "Enter the estimated value in pounds and pence, for example 45.50"
VALUE_TOO_LARGE = "The estimated value must be less than £100,000,000"


def parse_pounds(text: str) -> Decimal:
    """Read "45", "45.50", "£45.50" or "1,200" as pounds; refuse anything else clearly."""
    cleaned = text.strip().replace(" ", "").replace("£", "")
    if cleaned.startswith("-"):
        try:
            parse_pounds(cleaned[1:])
        except ValidationError:
            raise ValidationError(VALUE_INVALID, code="invalid") from None
        raise ValidationError(VALUE_NEGATIVE, code="negative")
    if not cleaned or cleaned == "." or not _POUNDS.match(cleaned):
        raise ValidationError(VALUE_INVALID, code="invalid")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(VALUE_INVALID, code="invalid") from None
    # Too large first: quantizing thirty 9s exceeds the decimal context and raised (a 500).
    if value >= MAX_VALUE:
        raise ValidationError(VALUE_TOO_LARGE, code="too_large")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(VALUE_PENCE, code="pence")
    return value.quantize(Decimal("0.01"))


class PoundsField(forms.CharField):
    """An amount typed in pounds, the way people write it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.widget.attrs.pop("maxlength", None)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        return parse_pounds(text)

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: Any) -> None:
        # The max_length check is for the typed text, which to_python has replaced.
        return None
