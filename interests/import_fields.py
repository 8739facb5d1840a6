"""A field of a spreadsheet import (a register entry's, a person's) and the first guess of
which of a file's columns holds each. The secretary checks and changes every guess."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str
    required: bool
    help_text: str
    headings: tuple[str, ...]  # headings that suggest this field, lower case, no punctuation


def _heading_key(heading: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", heading.casefold()).split())


def import_mapping_guess(
    import_fields: Sequence[ImportField], headings: Sequence[str]
) -> dict[str, str]:
    """Each field's most likely heading; a heading is guessed for one field only."""
    keys = {heading: _heading_key(heading) for heading in headings}
    mapping: dict[str, str] = {}
    for import_field in import_fields:
        for heading in headings:
            if keys[heading] in import_field.headings and heading not in mapping.values():
                mapping[import_field.key] = heading
                break
    return mapping
