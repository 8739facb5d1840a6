"""Words that follow the kind of organisation: a CCG or an integrated care board.

Integrated care boards replaced CCGs in July 2022; the same product serves
both, so pages say "the CCG's governing body" or "the ICB's board".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Terms:
    org_short: str  # "CCG" / "ICB"
    org_long: str  # "clinical commissioning group" / "integrated care board"
    board: str  # "governing body" / "board"


_TERMS = {
    "CCG": Terms("CCG", "clinical commissioning group", "governing body"),
    "ICB": Terms("ICB", "integrated care board", "board"),
}


def terms() -> Terms:
    return _TERMS[settings.ORGANISATION_TYPE]
