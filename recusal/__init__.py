"""The recusal engine: who may see, discuss and decide each agenda item, and why.

A pure package: plain data in (``facts``), plain data out (``assessment``).
It imports nothing from Django, so it is fast, easy to test exhaustively, and
the same answer whether a view, a task or a PDF asks. ``meetings.selectors``
builds the facts from the database in a fixed number of queries.
"""

from recusal.actions import Action, PaperPolicy
from recusal.engine import assess_meeting, assess_verdicts
from recusal.facts import (
    AttendeeFacts,
    CommitteeFacts,
    DecisionFacts,
    EdgeFacts,
    InterestFacts,
    ItemFacts,
    LotCheckFacts,
    LotFacts,
    MeetingFacts,
    PersonFacts,
    PersonMeetingFacts,
    QuorumRule,
)
from recusal.panels import lot_conflicts
from recusal.person import assess_person
from recusal.results import Chain, ChainLink

__all__ = [
    "Action",
    "AttendeeFacts",
    "Chain",
    "ChainLink",
    "CommitteeFacts",
    "DecisionFacts",
    "EdgeFacts",
    "InterestFacts",
    "ItemFacts",
    "LotCheckFacts",
    "LotFacts",
    "MeetingFacts",
    "PaperPolicy",
    "PersonFacts",
    "PersonMeetingFacts",
    "QuorumRule",
    "assess_meeting",
    "assess_verdicts",
    "assess_person",
    "lot_conflicts",
]
