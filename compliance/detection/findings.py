"""What a detection rule finds: the finding and its evidence.

The checks that find likely breaches live one module per area of the register.

Each rule is a function of the day that returns ``Finding``s: who, when, what happened (in
words that name no confidential item and no bid) and the evidence, as references to the
records themselves. A finding's ``key`` is its rule and subject (``late_declaration:
interest:42``): the breaches register raises each key once, so a finding the Guardian
dismissed is never raised again, and running the checks twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Evidence:
    """One line of evidence: a label, and either text or a reference to a record.

    A reference (``"meetings.agendaitem:12"``) to a restricted type is named for each reader
    through its app's access check (core.audit), never from text stored here. Text is only
    ever what any reader of the breaches register may read: dates, counts, people's names.
    """

    label: str
    text: str = ""
    ref: str = ""

    @classmethod
    def of(cls, label: str, obj: models.Model, text: str = "") -> Evidence:
        return cls(label=label, text=text, ref=f"{obj._meta.label_lower}:{obj.pk}")

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "text": self.text, "ref": self.ref}


@dataclass(frozen=True)
class Finding:
    rule: str  # a Breach.Rule value
    key: str
    member_id: int | None
    occurred_on: datetime.date
    what_happened: str
    evidence: list[Evidence] = field(default_factory=list)


Rule = Callable[[datetime.date], list[Finding]]


def day_text(day: datetime.date | datetime.datetime | Any) -> str:
    return f"{day:%-d %B %Y}"
