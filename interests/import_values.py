"""Reading the values people write in a spreadsheet register of interests.

Pure functions, no database: dates in the formats British spreadsheets use,
the four categories of interest as registers spell them, the nature of an
interest, whose interest an indirect one is, and people's names with their
titles. A value that cannot be read raises ``ValueError`` with a message that
quotes it back.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from interests.models import Interest

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")
DATE_EXAMPLE = "31/03/2024, 2024-03-31 or 31 March 2024"


def date_parse(value: str | datetime.date, *, label: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = " ".join(value.split())
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(
        f"{label} “{value}” is not a date we can read. Use a date like {DATE_EXAMPLE}."
    )


# What registers write when nobody recorded a date, or when an interest has not ended.
_UNKNOWN_START = frozenset(
    {
        "unknown",
        "not known",
        "n k",
        "nk",
        "not recorded",
        "not stated",
        "not given",
        "unspecified",
        "n a",
        "na",
        "tbc",
    }
)
_NO_END = frozenset({"ongoing", "current", "present", "to date", "n a", "na", "continuing", "now"})
_MONTH_YEAR = re.compile(r"^(?:[A-Za-z]{3,9}|\d{1,2})[\s/\-]+(?:\d{2}|\d{4})$")


def _is_blank_word(value: str, words: frozenset[str]) -> bool:
    text = " ".join(re.sub(r"[^\w]+", " ", value.casefold()).split())
    return not text or text in words


def _partial_date_message(value: str, label: str, blank_means: str) -> str | None:
    """Words for a year or a month on its own, which are not a day we can record."""
    text = " ".join(value.split())
    if re.fullmatch(r"(?:19|20)\d{2}", text):
        return (
            f"{label} “{text}” is a year, not a date. Write the day, for example 01/04/{text}, "
            f"or leave the cell empty {blank_means}."
        )
    if _MONTH_YEAR.match(text):
        return (
            f"{label} “{text}” is a month, not a date. Write the day, for example the first of "
            f"the month, or leave the cell empty {blank_means}."
        )
    return None


def start_date_parse(value: str | datetime.date, *, label: str) -> datetime.date | None:
    """A start date, or None when the register says nobody recorded it."""
    if isinstance(value, datetime.date):
        return value
    if _is_blank_word(value, _UNKNOWN_START):
        return None
    try:
        return date_parse(value, label=label)
    except ValueError:
        partial = _partial_date_message(value, label, "if nobody knows when it began")
        if partial:
            raise ValueError(partial) from None
        raise


def end_date_parse(value: str | datetime.date, *, label: str) -> datetime.date | None:
    """An end date, or None for an interest that has not ended ("Ongoing", "Current")."""
    if isinstance(value, datetime.date):
        return value
    if _is_blank_word(value, _NO_END):
        return None
    try:
        return date_parse(value, label=label)
    except ValueError:
        partial = _partial_date_message(value, label, "if the interest has not ended")
        if partial:
            raise ValueError(partial) from None
        raise


def _words(value: str) -> list[str]:
    """Lower-case words, with punctuation (including hyphens) as spaces."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"[^\w]+", " ", text).split()


# --- Category and type ----------------------------------------------------

_FILLER = {"interest", "interests", "a", "an", "of", "the", "direct", "type"}

_TYPES: dict[str, str] = {
    "financial": Interest.Type.FINANCIAL,
    "non financial professional": Interest.Type.NON_FINANCIAL_PROFESSIONAL,
    "nonfinancial professional": Interest.Type.NON_FINANCIAL_PROFESSIONAL,
    "professional": Interest.Type.NON_FINANCIAL_PROFESSIONAL,
    "non financial personal": Interest.Type.NON_FINANCIAL_PERSONAL,
    "nonfinancial personal": Interest.Type.NON_FINANCIAL_PERSONAL,
    "personal": Interest.Type.NON_FINANCIAL_PERSONAL,
}

CATEGORY_HELP = "Use Financial, Non-financial professional, Non-financial personal or Indirect."


@dataclass(frozen=True)
class CategoryReading:
    category: str
    indirect_type: str = ""  # for an indirect interest, when the text says which type


def interest_type_parse(value: str) -> str | None:
    """One of the three types, or None when the text names none of them."""
    words = [word for word in _words(value) if word not in _FILLER]
    return _TYPES.get(" ".join(words))


def category_parse(value: str) -> CategoryReading:
    """The category of interest, e.g. "Financial interest" or "Indirect - financial"."""
    words = [word for word in _words(value) if word not in _FILLER]
    if "indirect" in words:
        rest = " ".join(word for word in words if word != "indirect")
        # "Indirect (spouse)" is still indirect; the caller asks for the missing type.
        return CategoryReading(Interest.Category.INDIRECT, _TYPES.get(rest, ""))
    if " ".join(words) in _TYPES:
        return CategoryReading(_TYPES[" ".join(words)])
    raise ValueError(f"Type of interest “{value}” is not one we know. {CATEGORY_HELP}")


# --- Nature ---------------------------------------------------------------

# The first word found decides; longer phrases are listed before the words in them.
_NATURE_WORDS: tuple[tuple[str, str], ...] = (
    ("clinical lead", Interest.Nature.CLINICAL_LEAD),
    ("service user", Interest.Nature.PATIENT_OR_USER),
    ("patient", Interest.Nature.PATIENT_OR_USER),
    ("director", Interest.Nature.DIRECTOR),
    ("shareholder", Interest.Nature.SHAREHOLDER),
    ("shareholding", Interest.Nature.SHAREHOLDER),
    ("shares", Interest.Nature.SHAREHOLDER),
    ("partner", Interest.Nature.PARTNER),
    ("partnership", Interest.Nature.PARTNER),
    ("employee", Interest.Nature.EMPLOYEE),
    ("employed", Interest.Nature.EMPLOYEE),
    ("employment", Interest.Nature.EMPLOYEE),
    ("salaried", Interest.Nature.EMPLOYEE),
    ("consultant", Interest.Nature.CONSULTANT),
    ("consultancy", Interest.Nature.CONSULTANT),
    ("adviser", Interest.Nature.CONSULTANT),
    ("advisor", Interest.Nature.CONSULTANT),
    ("trustee", Interest.Nature.TRUSTEE),
    ("volunteer", Interest.Nature.VOLUNTEER),
    ("owner", Interest.Nature.OWNER),
    ("ownership", Interest.Nature.OWNER),
    ("proprietor", Interest.Nature.OWNER),
    ("member", Interest.Nature.MEMBER),
    ("membership", Interest.Nature.MEMBER),
)


def nature_parse(value: str) -> str:
    """The nature of the interest; anything not recognised is "other"."""
    text = " " + " ".join(_words(value)) + " "
    for phrase, nature in _NATURE_WORDS:
        if f" {phrase} " in text:
            return nature
    return Interest.Nature.OTHER


# --- Whose interest -------------------------------------------------------

_RELATIONSHIP_WORDS: tuple[tuple[str, str], ...] = (
    ("business partner", Interest.Relationship.BUSINESS_PARTNER),
    ("civil partner", Interest.Relationship.SPOUSE_OR_PARTNER),
    ("spouse", Interest.Relationship.SPOUSE_OR_PARTNER),
    ("husband", Interest.Relationship.SPOUSE_OR_PARTNER),
    ("wife", Interest.Relationship.SPOUSE_OR_PARTNER),
    ("partner", Interest.Relationship.SPOUSE_OR_PARTNER),
    ("close friend", Interest.Relationship.CLOSE_FRIEND),
    ("friend", Interest.Relationship.CLOSE_FRIEND),
    ("close relative", Interest.Relationship.CLOSE_RELATIVE),
    ("relative", Interest.Relationship.CLOSE_RELATIVE),
    ("mother", Interest.Relationship.CLOSE_RELATIVE),
    ("father", Interest.Relationship.CLOSE_RELATIVE),
    ("parent", Interest.Relationship.CLOSE_RELATIVE),
    ("son", Interest.Relationship.CLOSE_RELATIVE),
    ("daughter", Interest.Relationship.CLOSE_RELATIVE),
    ("child", Interest.Relationship.CLOSE_RELATIVE),
    ("brother", Interest.Relationship.CLOSE_RELATIVE),
    ("sister", Interest.Relationship.CLOSE_RELATIVE),
    ("sibling", Interest.Relationship.CLOSE_RELATIVE),
)

RELATIONSHIP_HELP = (
    "Say whose interest it is: spouse or partner, close relative, close friend or "
    "business partner, with their name, for example “Spouse: John Patel”."
)


@dataclass(frozen=True)
class WhoseInterest:
    relationship: str
    name: str  # what is left once the relationship words are taken out; may be empty


def whose_interest_parse(value: str) -> WhoseInterest:
    """E.g. "Spouse: John Patel", "John Patel (husband)" or "Close friend"."""
    for phrase, relationship in _RELATIONSHIP_WORDS:
        pattern = r"\b" + r"[\s-]+".join(phrase.split()) + r"\b"
        match = re.search(pattern, value, flags=re.IGNORECASE)
        if match:
            rest = value[: match.start()] + " " + value[match.end() :]
            name = " ".join(re.sub(r"[():,;\-–]+", " ", rest).split())
            name = re.sub(r"^(?:my|of|is|the)\b\s*", "", name, flags=re.IGNORECASE)
            return WhoseInterest(relationship, name)
    raise ValueError(f"Whose interest “{value}” is not a relationship we know. {RELATIONSHIP_HELP}")


# --- People's names ------------------------------------------------------

TITLES = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "rev", "revd"}
)


def person_name_key(value: str) -> str:
    """A name to compare, ignoring case, titles, full stops and extra spaces.

    "Patel, Anita" (surname first) reads as "anita patel".
    """
    text = unicodedata.normalize("NFKC", value).casefold().replace("’", "'")
    if "," in text:
        surname, _, forenames = text.partition(",")
        text = f"{forenames} {surname}"
    words = re.sub(r"[^\w'\-]+", " ", text).split()
    return " ".join(word for word in words if word not in TITLES)


def person_initial_key(value: str) -> str | None:
    """For "Dr A. Patel": "a patel"; None unless the name starts with a single initial."""
    words = person_name_key(value).split()
    if len(words) >= 2 and len(words[0]) == 1:
        return f"{words[0]} {words[-1]}"
    return None
