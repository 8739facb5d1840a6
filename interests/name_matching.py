"""Which organisation on the list a typed name most likely means (ADR 0027).

Pure functions over names, no database. Three ways to match, in order:

1. the ODS code, when the typed name carries one ("Meadow Lane (B82099)");
2. the same name once the differences people make without meaning another
   organisation are set aside: case, punctuation, "Ltd" or "Limited", "&" or
   "and", "The", and words such as "Surgery", "Medical Centre" or "Health Centre";
3. a similar spelling (rapidfuzz), only when one organisation is clearly closest.

A match is a proposal: the secretary confirms or rejects it. Nothing here links.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

# Similar spellings at or above this score (0-100) are proposed; "Hilltop Med Centre" and
# "Hilltop Medical Centre" score 100 once normalised, "Riverside Surgry" against
# "Riverside Surgery" about 95, and two practices that share only a town's name far less.
FUZZY_THRESHOLD = 90
# ...and only when the next closest organisation scores at least this much lower.
FUZZY_MARGIN = 4
# ...and every word of the typed name at least this close to one of the organisation's.
WORD_THRESHOLD = 85
# Shorter normalised names are too easily similar by chance.
FUZZY_MIN_LENGTH = 5

_ODS_CODE = re.compile(r"\b([A-Z][0-9]{5}|[A-Z][0-9A-Z]{2}[0-9]{2,3}|Y[0-9]{5})\b", re.I)

# Words that say what kind of place it is, not which one. Longer phrases first.
_KIND_PHRASES = (
    "group medical practice",
    "medical practice",
    "medical centre",
    "health centre",
    "family practice",
    "group practice",
    "surgery",
    "practice",
)
_KIND_WORDS = re.compile(r"\b(?:" + "|".join(_KIND_PHRASES) + r")\b")
_SPELLINGS = {
    "limited": "ltd",
    "center": "centre",
    "ctr": "centre",
    "med": "medical",
    "hlth": "health",
    "st": "saint",
    "&": "and",
}
_DROPPED = frozenset({"the", "and", "ltd", "plc", "llp", "cic"})


class Method(StrEnum):
    ODS_CODE = "ods_code"
    SAME_NAME = "same_name"
    SIMILAR = "similar"


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " & ")
    text = re.sub(r"['’`]", "", text)  # "Carers'" is "Carers"
    return [_SPELLINGS.get(word, word) for word in re.sub(r"[^\w&]+", " ", text).split()]


def full_key(name: str) -> str:
    """The name's words, spelt one way, with "The", "and" and "Ltd" set aside."""
    return " ".join(word for word in _words(name) if word not in _DROPPED)


def _every_word_close(typed: str, candidate: str) -> bool:
    """Each typed word is close to one of the candidate's: "Surgry" is "Surgery", but
    "Southfield" is not "Northfield", however alike the rest of the names are."""
    theirs = candidate.split()
    return all(
        max((fuzz.ratio(word, other) for other in theirs), default=0) >= WORD_THRESHOLD
        for word in typed.split()
    )


def name_key(name: str) -> str:
    """The name with what does not tell organisations apart set aside.

    "The Riverside Surgery", "Riverside Surgery Ltd." and "RIVERSIDE" share a key. A name
    that is nothing but such words ("The Surgery") keeps them, or it would match anything.
    """
    text = full_key(name)
    stripped = " ".join(_KIND_WORDS.sub(" ", text).split())
    return stripped or text


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    ods_code: str = ""


@dataclass(frozen=True)
class Proposal:
    organisation_id: int
    method: Method
    score: int  # 100 for a code or the same name


class NameMatcher:
    """The organisation list, indexed once, asked about many typed names."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.by_code: dict[str, int] = {}
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_full_key: dict[str, list[int]] = defaultdict(list)
        for candidate in candidates:
            if candidate.ods_code:
                self.by_code[candidate.ods_code.strip().upper()] = candidate.id
            key = name_key(candidate.name)
            if key:
                self.by_key[key].append(candidate.id)
                self.by_full_key[full_key(candidate.name)].append(candidate.id)
        self.full_keys = list(self.by_full_key)

    def propose(self, typed: str) -> list[Proposal]:
        """The organisations ``typed`` most likely means, best first; empty if none is clear."""
        codes = [code.upper() for code in _ODS_CODE.findall(typed)]
        by_code = [self.by_code[code] for code in codes if code in self.by_code]
        if by_code:
            return [Proposal(by_code[0], Method.ODS_CODE, 100)]
        key = name_key(_ODS_CODE.sub(" ", typed))
        if not key:
            return []
        if key in self.by_key:
            # Two organisations may share a name: each is proposed; the secretary picks.
            return [Proposal(pk, Method.SAME_NAME, 100) for pk in self.by_key[key][:5]]
        return self._similar(full_key(_ODS_CODE.sub(" ", typed)))

    def _similar(self, typed: str) -> list[Proposal]:
        if len(typed) < FUZZY_MIN_LENGTH or not self.full_keys:
            return []
        best = process.extract(typed, self.full_keys, scorer=fuzz.token_sort_ratio, limit=2)
        if not best or best[0][1] < FUZZY_THRESHOLD:
            return []
        if len(best) > 1 and best[0][1] - best[1][1] < FUZZY_MARGIN:
            return []  # two organisations are about as close: too unsure to propose
        if not _every_word_close(typed, best[0][0]):
            return []
        ids = self.by_full_key[best[0][0]]
        if len(ids) > 1:
            return []
        return [Proposal(ids[0], Method.SIMILAR, round(best[0][1]))]
