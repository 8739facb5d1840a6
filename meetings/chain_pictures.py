"""A reason chain as a picture: person -> interest -> organisation -> network -> bidder ->
lot -> item, drawn by ``core.svg_chain`` with the chain in words as its description."""

from __future__ import annotations

from django.utils.safestring import SafeString

from core.svg_chain import Link, Node, Step, chain_svg
from meetings.chain_words import chain_words, sentence
from recusal import Chain

_TYPE_LABELS = {
    "financial": "financial",
    "non_financial_professional": "non-financial professional",
    "non_financial_personal": "non-financial personal",
}


def chain_steps(chain: Chain, *, public: bool = False) -> list[Step]:
    person = chain.person
    if chain.is_indirect:
        person += f" (through {chain.relationship or 'a relative'})"
    interest = _TYPE_LABELS.get(chain.interest_type, chain.interest_type)
    steps: list[Step] = [
        Node(person, "person"),
        Link(f"{interest}: {chain.nature}" if chain.nature else interest),
        Node(chain.start),
    ]
    for link in chain.links:
        steps += [Link(link.label), Node(link.organisation)]
    if chain.lot:
        steps += [Link("bidder on"), Node(chain.lot, "lot")]
    if chain.item_number:
        steps += [
            Link("decided by" if chain.lot else "affects"),
            Node(f"item {chain.item_number}", "item"),
        ]
    return steps


def chain_picture(chain: Chain) -> SafeString:
    words = sentence(chain_words(chain))
    return chain_svg(
        [chain_steps(chain)], title=f"Why {chain.person} is conflicted", description=words
    )
