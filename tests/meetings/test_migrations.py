"""The migration that gave decisions their chains in words reads the arrows they kept."""

from __future__ import annotations

import importlib

from meetings.chain_words import chain_words, sentence
from recusal import Chain, ChainLink
from recusal.verdicts import arrow_text

migration = importlib.import_module("meetings.migrations.0007_minutes_trust")


def test_stored_arrow_chains_become_the_same_words_the_presenter_writes() -> None:
    chains = [
        Chain(
            person="Dr A. Patel",
            interest_type="financial",
            nature="partner",
            start="Riverside Surgery",
            links=(ChainLink("member of", "Northfield GP Federation"),),
            lot="Lot 2 Out-of-hours",
            item_number="6",
        ),
        Chain(
            person="Mrs S. Wright",
            interest_type="financial",
            nature="employee",
            start="Northfield Community Trust",
            is_indirect=True,
            relationship="spouse or partner",
            related_person="David Wright",
            item_number="4",
        ),
        Chain(
            person="Dr E. Clarke",
            interest_type="financial",
            nature="owner",
            start="Moorside Surgery",
            start_as_typed=True,
            item_number="2",
        ),
    ]
    for chain in chains:
        for public in (False, True):
            assert migration.words_of(arrow_text(chain, public=public)) == sentence(
                chain_words(chain, public=public)
            )
