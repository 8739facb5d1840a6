"""Chains in plain words: what minutes, packs and the published registers say."""

from __future__ import annotations

from meetings.chain_words import chain_words, interest_words, sentence
from recusal import Chain, ChainLink

PATEL = Chain(
    person="Dr A. Patel",
    interest_type="financial",
    nature="partner",
    start="Riverside Surgery",
    links=(ChainLink("member of", "Northfield GP Federation"),),
    lot="Lot 2 Out-of-hours",
    item_number="6",
)


def test_a_chain_through_the_network_to_a_bidder() -> None:
    assert sentence(chain_words(PATEL)) == (
        "Dr A. Patel is a partner in Riverside Surgery, a member of Northfield GP Federation, "
        "which bids for Lot 2 Out-of-hours."
    )


def test_the_member_is_spoken_to_in_their_own_pack() -> None:
    assert interest_words(PATEL, second_person=True) == "you are a partner in Riverside Surgery"
    direct = Chain(
        person="Dr B. Okafor",
        interest_type="financial",
        nature="partner",
        start="Hillview Medical Centre",
        item_number="4",
    )
    assert chain_words(direct, second_person=True, this_item=True) == (
        "you are a partner in Hillview Medical Centre, which this item affects"
    )
    assert (
        chain_words(direct)
        == "Dr B. Okafor is a partner in Hillview Medical Centre, which item 4 affects"
    )


def test_an_indirect_interest_names_the_relative_only_inside() -> None:
    wright = Chain(
        person="Mrs S. Wright",
        interest_type="financial",
        nature="employee",
        start="Northfield Community Trust",
        is_indirect=True,
        relationship="spouse or partner",
        related_person="David Wright",
        item_number="4",
    )
    assert chain_words(wright) == (
        "Mrs S. Wright's spouse or partner, David Wright, is an employee of Northfield "
        "Community Trust, which item 4 affects"
    )
    public = chain_words(wright, public=True)
    assert public == (
        "Mrs S. Wright's spouse or partner is an employee of Northfield Community Trust, "
        "which item 4 affects"
    )
    assert "David" not in public
    assert chain_words(wright, second_person=True).startswith(
        "your spouse or partner, David Wright, is an employee of"
    )


def test_ownership_links_typed_names_and_other_natures_read_naturally() -> None:
    chain = Chain(
        person="Dr A. Patel",
        interest_type="financial",
        nature="shareholder",
        start="Holdco Ltd",
        links=(ChainLink("parent company of", "Subco Ltd"), ChainLink("owned by", "Topco plc")),
        item_number="2",
    )
    assert chain_words(chain) == (
        "Dr A. Patel is a shareholder in Holdco Ltd, the parent company of Subco Ltd, owned by "
        "Topco plc, which item 2 affects"
    )
    typed = Chain(
        person="Dr A. Patel",
        interest_type="non_financial_personal",
        nature="other",
        start="Riverside Surgery",
        start_as_typed=True,
        item_number="1",
    )
    assert chain_words(typed) == (
        "Dr A. Patel has an interest (other) in Riverside Surgery (the name as declared), "
        "which item 1 affects"
    )
    assert interest_words(typed, second_person=True).startswith("you have an interest (other) in")
    for words in (chain_words(PATEL), chain_words(chain), chain_words(typed)):
        assert "—" not in words and "→" not in words
