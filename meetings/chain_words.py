"""Chains in plain words, for the people who read minutes, packs and registers.

The engine gives each chain as data (``recusal.Chain``); the recusal matrix keeps
the arrow notation for checking it link by link. Everywhere else reads:
"Dr A. Patel is a partner in Riverside Surgery, a member of Northfield GP Federation,
which bids for Lot 2 Out-of-hours."
"""

from __future__ import annotations

from collections.abc import Iterable

from recusal import Chain
from recusal.results import Reason

# "a partner in", "a director of": the register's natures, as they read before an
# organisation's name.
_NATURE_PHRASES = {
    "partner": "a partner in",
    "director": "a director of",
    "shareholder": "a shareholder in",
    "employee": "an employee of",
    "consultant or adviser": "a consultant or adviser to",
    "trustee": "a trustee of",
    "member": "a member of",
    "volunteer": "a volunteer at",
    "clinical lead": "the clinical lead at",
    "patient or service user": "a patient or service user of",
    "owner": "the owner of",
}

# The network's links as they read after an organisation's name.
_LINK_PHRASES = {
    "member of": "a member of",
    "subsidiary of": "a subsidiary of",
    "owned by": "owned by",
    "partner in": "a partner in",
    "parent company of": "the parent company of",
    "owner of": "the owner of",
}


def _nature(nature: str) -> str:
    return _NATURE_PHRASES.get(nature, f"has an interest ({nature}) in" if nature else "in")


def _holds(nature: str, verb: str) -> str:
    """ "is a partner in", "are a partner in", or "has an interest (other) in"."""
    phrase = _nature(nature)
    if phrase.startswith("has "):
        return phrase if verb == "is" else "have " + phrase[4:]
    return f"{verb} {phrase}"


def _start(chain: Chain) -> str:
    return f"{chain.start} (the name as declared)" if chain.start_as_typed else chain.start


def _subject(chain: Chain, *, public: bool, second_person: bool) -> tuple[str, str]:
    """Who holds the interest, and the verb that goes with them."""
    if not chain.is_indirect:
        return ("you", "are") if second_person else (chain.person, "is")
    whose = "your" if second_person else f"{chain.person}'s"
    relationship = chain.relationship or "relative"
    if chain.related_person and not public:
        return f"{whose} {relationship}, {chain.related_person},", "is"
    return f"{whose} {relationship}", "is"


def interest_words(chain: Chain, *, public: bool = False, second_person: bool = False) -> str:
    """Only the interest itself: "you are a partner in Hillview Medical Centre"."""
    subject, verb = _subject(chain, public=public, second_person=second_person)
    return f"{subject} {_holds(chain.nature, verb)} {_start(chain)}"


def chain_words(
    chain: Chain, *, public: bool = False, second_person: bool = False, this_item: bool = False
) -> str:
    """The whole chain as a sentence (without the full stop, so it can be embedded).

    ``public`` leaves out the person behind an indirect interest (only the
    relationship is named); ``second_person`` speaks to the member themself;
    ``this_item`` is for text shown with the item ("which this item affects").
    """
    words = interest_words(chain, public=public, second_person=second_person)
    for link in chain.links:
        words += f", {_LINK_PHRASES.get(link.label, link.label)} {link.organisation}"
    if chain.lot:
        words += f", which bids for {chain.lot}"
    elif this_item:
        words += ", which this item affects"
    elif chain.item_number:
        words += f", which item {chain.item_number} affects"
    else:
        words += ", which the item affects"
    return words


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def reason_words(reasons: Iterable[Reason]) -> dict[str, list[str]]:
    """Chains as sentences, in full and as published, to keep with a record of them."""
    chains = [r.chain for r in reasons if r.chain is not None]
    return {
        "words": [sentence(chain_words(c)) for c in chains],
        "public_words": [sentence(chain_words(c, public=True)) for c in chains],
    }
