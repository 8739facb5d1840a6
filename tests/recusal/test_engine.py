"""The recusal engine, on plain facts: chains, dates, networks, actions, quorum, chairing, order."""

import datetime
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from recusal import (
    Action,
    AttendeeFacts,
    Chain,
    ChainLink,
    CommitteeFacts,
    DecisionFacts,
    EdgeFacts,
    InterestFacts,
    ItemFacts,
    LotFacts,
    MeetingFacts,
    PaperPolicy,
    PersonFacts,
    QuorumRule,
    assess_meeting,
)
from recusal.actions import Policy
from recusal.ordering import count_departures
from recusal.verdicts import arrow_text

DAY = datetime.date(2026, 11, 30)
ROLE_LABELS = {"gp": "GP", "lay": "Lay member", "nurse": "Nurse", "manager": "Manager"}

# Organisations
RIVERSIDE, MOORSIDE, FEDERATION, TRUST, HOLDCO, SUBCO, ALLIANCE, CCG_B = range(1, 9)
NAMES = {
    RIVERSIDE: "Riverside Surgery",
    MOORSIDE: "Moorside Surgery",
    FEDERATION: "Northfield GP Federation",
    TRUST: "Northfield Community Trust",
    HOLDCO: "Holdco Ltd",
    SUBCO: "Subco Ltd",
    ALLIANCE: "Northfield Alliance",
    CCG_B: "Southfield CCG",
}
MEMBER_OF = EdgeFacts(RIVERSIDE, FEDERATION, "member_of")
ONE_VOTER = QuorumRule(1)
DEFAULT_POLICY = PaperPolicy()

# People
PATEL, CLARKE, HOLT, KAYE, WRIGHT, LANG, RESERVE_GP, RESERVE_LAY = range(101, 109)
PEOPLE = {
    PATEL: PersonFacts(PATEL, "Dr A. Patel", "gp"),
    CLARKE: PersonFacts(CLARKE, "Dr E. Clarke", "gp"),
    HOLT: PersonFacts(HOLT, "Mrs M. Holt", "lay"),
    KAYE: PersonFacts(KAYE, "Mr R. Kaye", "lay"),
    WRIGHT: PersonFacts(WRIGHT, "Mrs S. Wright", "nurse"),
    LANG: PersonFacts(LANG, "Dr P. Lang", "manager"),
    RESERVE_GP: PersonFacts(RESERVE_GP, "Dr N. North", "gp", "Southfield CCG"),
    RESERVE_LAY: PersonFacts(RESERVE_LAY, "Ms L. Lay", "lay", "Southfield CCG"),
}


def interest(
    iid,
    person,
    org,
    kind="financial",
    nature="partner",
    start=datetime.date(2015, 1, 1),
    end=None,
    **extra,
):
    return InterestFacts(iid, person, org, "", kind, nature, start, end, **extra)


def item(iid, affected=(), purpose="decision", part="I", lot=None, number=None, remedy=""):
    return ItemFacts(
        iid, str(number or iid), f"Item {iid}", purpose, part, tuple(affected), lot, remedy
    )


def meeting(
    items,
    interests=(),
    edges=(MEMBER_OF,),
    attendees=None,
    rule=ONE_VOTER,
    chair=None,
    vice=None,
    decisions=(),
    reserve=(),
    referral=(),
    policy=DEFAULT_POLICY,
):
    attendees = (
        attendees
        if attendees is not None
        else tuple(
            AttendeeFacts(p, "member", True) for p in (PATEL, CLARKE, HOLT, KAYE, WRIGHT, LANG)
        )
    )
    committee = CommitteeFacts(
        1,
        "Governing Body",
        rule,
        chair,
        vice,
        voting_member_ids=tuple(a.person_id for a in attendees if a.is_voting),
        member_ids=tuple(a.person_id for a in attendees),
    )
    return MeetingFacts(
        date=DAY,
        committee=committee,
        items=tuple(items),
        attendees=tuple(attendees),
        people=PEOPLE,
        interests=tuple(interests),
        edges=tuple(edges),
        organisation_names=NAMES,
        reserve_ids=tuple(reserve),
        referral_committees=tuple(referral),
        decisions=tuple(decisions),
        paper_policy=policy,
        role_labels=ROLE_LABELS,
    )


# --- Chains ---------------------------------------------------------------


def test_direct_interest_in_an_affected_organisation():
    result = assess_meeting(meeting([item(7, [RIVERSIDE])], [interest(1, PATEL, RIVERSIDE)]))
    verdict = result.verdict(PATEL, 7)
    assert verdict.conflicted
    assert [r.text for r in verdict.reasons] == [
        "Dr A. Patel —financial (partner)→ Riverside Surgery —affected by→ item 7"
    ]
    assert not result.verdict(CLARKE, 7).conflicted


def test_the_seed_story_chain_through_the_federation_and_the_lot():
    lot = LotFacts(2, "Lot 2 Out-of-hours", (FEDERATION, TRUST))
    result = assess_meeting(
        meeting(
            [item(70, lot=lot, number=7)],
            [interest(1, PATEL, RIVERSIDE), interest(2, CLARKE, MOORSIDE, nature="owner")],
        )
    )
    assert result.verdict(PATEL, 70).reasons[0].text == (
        "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ Northfield GP Federation "
        "—bidder on→ Lot 2 Out-of-hours —decided by→ item 7"
    )
    assert not result.verdict(CLARKE, 70).conflicted  # the single-handed practice is not a member


def test_networks_are_walked_to_any_depth():
    edges = (
        EdgeFacts(RIVERSIDE, FEDERATION, "member_of"),
        EdgeFacts(FEDERATION, ALLIANCE, "partner_in"),
        EdgeFacts(ALLIANCE, HOLDCO, "owned_by"),
    )
    for depth, target in enumerate((FEDERATION, ALLIANCE, HOLDCO), start=1):
        result = assess_meeting(
            meeting([item(1, [target])], [interest(1, PATEL, RIVERSIDE)], edges=edges)
        )
        text = result.verdict(PATEL, 1).reasons[0].text
        assert text.count("→") == depth + 2, text
    deepest = assess_meeting(
        meeting([item(1, [HOLDCO])], [interest(1, PATEL, RIVERSIDE)], edges=edges)
    )
    assert (
        "—member of→ Northfield GP Federation —partner in→ Northfield Alliance —owned by→ Holdco Ltd"
        in (deepest.verdict(PATEL, 1).reasons[0].text)
    )


def test_an_owner_shares_in_what_it_owns_but_a_member_practice_does_not_share_in_its_federation_downwards():
    edges = (EdgeFacts(SUBCO, HOLDCO, "subsidiary_of"), MEMBER_OF)
    result = assess_meeting(
        meeting(
            [item(1, [SUBCO]), item(2, [RIVERSIDE])],
            [
                interest(1, PATEL, HOLDCO, nature="shareholder"),
                interest(2, LANG, FEDERATION, nature="director"),
            ],
            edges=edges,
        )
    )
    assert "Holdco Ltd —parent company of→ Subco Ltd" in result.verdict(PATEL, 1).reasons[0].text
    assert not result.verdict(LANG, 2).conflicted


def test_indirect_interests_count_and_name_whose_they_are():
    spouse = interest(
        1,
        WRIGHT,
        TRUST,
        nature="employee",
        is_indirect=True,
        relationship="spouse or partner",
        related_name="David Wright",
    )
    result = assess_meeting(meeting([item(4, [TRUST])], [spouse]))
    assert result.verdict(WRIGHT, 4).reasons[0].text == (
        "Mrs S. Wright —indirect: spouse or partner David Wright, financial (employee)→ "
        "Northfield Community Trust —affected by→ item 4"
    )


def test_interests_count_only_when_current_on_the_meeting_date():
    cases = {
        "ended the day before": (
            datetime.date(2010, 1, 1),
            DAY - datetime.timedelta(days=1),
            False,
        ),
        "ends on the day": (datetime.date(2010, 1, 1), DAY, True),
        "starts on the day": (DAY, None, True),
        "starts the day after": (DAY + datetime.timedelta(days=1), None, False),
    }
    for name, (start, end, expected) in cases.items():
        result = assess_meeting(
            meeting([item(1, [RIVERSIDE])], [interest(1, PATEL, RIVERSIDE, start=start, end=end)])
        )
        assert result.verdict(PATEL, 1).conflicted is expected, name


def test_relationships_count_only_when_current_on_the_meeting_date():
    ended = EdgeFacts(RIVERSIDE, FEDERATION, "member_of", end=DAY - datetime.timedelta(days=1))
    future = EdgeFacts(RIVERSIDE, FEDERATION, "member_of", start=DAY + datetime.timedelta(days=1))
    for edge in (ended, future):
        result = assess_meeting(
            meeting([item(1, [FEDERATION])], [interest(1, PATEL, RIVERSIDE)], edges=(edge,))
        )
        assert not result.verdict(PATEL, 1).conflicted


def test_cycles_never_loop_and_still_find_the_way():
    edges = (
        EdgeFacts(RIVERSIDE, FEDERATION, "member_of"),
        EdgeFacts(FEDERATION, ALLIANCE, "partner_in"),
        EdgeFacts(ALLIANCE, RIVERSIDE, "partner_in"),
        EdgeFacts(ALLIANCE, FEDERATION, "member_of"),
    )
    result = assess_meeting(
        meeting(
            [item(1, [ALLIANCE]), item(2, [TRUST])], [interest(1, PATEL, RIVERSIDE)], edges=edges
        )
    )
    assert result.verdict(PATEL, 1).conflicted
    assert not result.verdict(PATEL, 2).conflicted


def test_a_typed_organisation_name_still_conflicts_when_it_names_an_affected_organisation():
    typed = InterestFacts(
        1, PATEL, None, "  riverside   SURGERY ", "financial", "partner", datetime.date(2015, 1, 1)
    )
    result = assess_meeting(meeting([item(1, [RIVERSIDE])], [typed]))
    assert (
        result.verdict(PATEL, 1).reasons[0].text
    ) == "Dr A. Patel —financial (partner)→   riverside   SURGERY  (as typed) —affected by→ item 1"


# --- Actions and papers ---------------------------------------------------


def test_suggested_actions_follow_the_rules():
    items = [
        item(1, [RIVERSIDE], "decision", "I"),
        item(2, [RIVERSIDE], "decision", "II"),
        item(3, [RIVERSIDE], "information", "I"),
        item(4, [RIVERSIDE], "discussion", "I"),
    ]
    result = assess_meeting(
        meeting(
            items,
            [
                interest(1, PATEL, RIVERSIDE),
                interest(2, KAYE, RIVERSIDE, kind="non_financial_personal", nature="patient"),
                interest(
                    3, HOLT, RIVERSIDE, kind="non_financial_professional", nature="clinical lead"
                ),
            ],
        )
    )
    assert result.verdict(PATEL, 1).suggested == Action.LEAVE_ROOM
    assert result.verdict(PATEL, 2).suggested == Action.NO_PAPERS
    assert result.verdict(PATEL, 3).suggested == Action.NOTED
    assert result.verdict(PATEL, 4).suggested == Action.LEAVE_ROOM
    assert result.verdict(KAYE, 1).suggested == Action.NO_VOTE
    assert result.verdict(KAYE, 4).suggested == Action.NOTED
    assert result.verdict(HOLT, 1).suggested == Action.NO_VOTE
    assert not result.verdict(KAYE, 1).may_vote and result.verdict(KAYE, 1).may_discuss


def test_several_reasons_take_the_strongest_action():
    result = assess_meeting(
        meeting(
            [item(1, [RIVERSIDE, TRUST])],
            [
                interest(1, PATEL, TRUST, kind="non_financial_personal", nature="patient"),
                interest(2, PATEL, RIVERSIDE),
            ],
        )
    )
    verdict = result.verdict(PATEL, 1)
    assert len(verdict.reasons) == 2
    assert verdict.suggested == Action.LEAVE_ROOM


def test_paper_policy_applies_until_the_chair_decides_then_the_decision_applies():
    items = [item(1, [RIVERSIDE], part="I"), item(2, [RIVERSIDE], part="II")]
    facts = meeting(items, [interest(1, PATEL, RIVERSIDE)])
    result = assess_meeting(facts)
    assert result.verdict(PATEL, 1).receives_papers and result.verdict(PATEL, 1).flagged
    assert not result.verdict(PATEL, 2).receives_papers
    hide_all = assess_meeting(
        meeting(
            items, [interest(1, PATEL, RIVERSIDE)], policy=PaperPolicy(Policy.HIDE, Policy.HIDE)
        )
    )
    assert not hide_all.verdict(PATEL, 1).receives_papers
    decided = assess_meeting(
        meeting(
            items,
            [interest(1, PATEL, RIVERSIDE)],
            decisions=[
                DecisionFacts(2, PATEL, Action.NO_VOTE, "Interest not material to this item"),
                DecisionFacts(1, PATEL, Action.NO_PAPERS, "Commercially sensitive"),
            ],
        )
    )
    assert decided.verdict(PATEL, 2).receives_papers
    assert decided.verdict(PATEL, 2).effective == Action.NO_VOTE
    assert not decided.verdict(PATEL, 1).receives_papers
    assert not decided.verdict(PATEL, 1).flagged


def test_leaving_the_room_keeps_public_papers_but_not_confidential_ones():
    items = [item(1, [RIVERSIDE], part="I"), item(2, [RIVERSIDE], part="II")]
    decisions = [
        DecisionFacts(1, PATEL, Action.LEAVE_ROOM),
        DecisionFacts(2, PATEL, Action.LEAVE_ROOM),
    ]
    result = assess_meeting(meeting(items, [interest(1, PATEL, RIVERSIDE)], decisions=decisions))
    assert result.verdict(PATEL, 1).receives_papers
    assert not result.verdict(PATEL, 2).receives_papers


# --- Quorum ---------------------------------------------------------------

GB_RULE = QuorumRule(min_voting=3, role_minimums=(("gp", 1), ("lay", 1)))


def _gp_heavy_attendees():
    return (
        AttendeeFacts(PATEL, "member", True),
        AttendeeFacts(CLARKE, "member", True, present=False),
        AttendeeFacts(HOLT, "member", True),
        AttendeeFacts(KAYE, "member", True),
    )


def test_quorum_lost_is_explained_in_words_and_restored_by_a_named_co_optee():
    facts = meeting(
        [item(7, [RIVERSIDE])],
        [interest(1, PATEL, RIVERSIDE)],
        attendees=_gp_heavy_attendees(),
        rule=GB_RULE,
        reserve=(RESERVE_GP, RESERVE_LAY),
    )
    quorum = assess_meeting(facts).quorum[7]
    assert not quorum.quorate
    assert quorum.shortfalls == (
        "needs 3 voting members; 2 non-conflicted voting members present",
        "needs 1 GP; 0 non-conflicted GPs present",
    )
    co_opt = quorum.remedies[0]
    assert co_opt.kind == "co_opt" and co_opt.person_ids == (RESERVE_GP,)
    assert co_opt.text == "Co-opt Dr N. North (GP, Southfield CCG) from the reserve list"
    assert {r.kind for r in quorum.remedies} >= {"defer", "panel"}
    assert quorum.blocks_publication

    co_opted = meeting(
        [item(7, [RIVERSIDE])],
        [interest(1, PATEL, RIVERSIDE)],
        attendees=(*_gp_heavy_attendees(), AttendeeFacts(RESERVE_GP, "co_opted", True)),
        rule=GB_RULE,
        reserve=(RESERVE_GP, RESERVE_LAY),
    )
    assert assess_meeting(co_opted).quorum[7].quorate


def test_a_conflicted_reserve_cannot_restore_quorum():
    facts = meeting(
        [item(7, [FEDERATION])],
        [interest(1, PATEL, RIVERSIDE), interest(2, RESERVE_GP, FEDERATION, nature="director")],
        attendees=_gp_heavy_attendees(),
        rule=GB_RULE,
        reserve=(RESERVE_GP,),
    )
    assert [r.kind for r in assess_meeting(facts).quorum[7].remedies] == ["panel", "defer"]


def test_referral_is_offered_to_a_committee_that_can_be_quorate():
    pccc = CommitteeFacts(
        2,
        "Primary Care Commissioning Committee",
        QuorumRule(2, (("lay", 1),)),
        voting_member_ids=(HOLT, LANG),
        member_ids=(HOLT, LANG),
    )
    facts = meeting(
        [item(7, [RIVERSIDE])],
        [interest(1, PATEL, RIVERSIDE)],
        attendees=_gp_heavy_attendees(),
        rule=GB_RULE,
        referral=(pccc,),
    )
    remedies = assess_meeting(facts).quorum[7].remedies
    assert remedies[0].text == (
        "Refer the item to Primary Care Commissioning Committee, which has 2 non-conflicted voting members"
    )


def test_a_recorded_remedy_unblocks_publication_but_the_item_stays_inquorate():
    facts = meeting(
        [item(7, [RIVERSIDE], remedy="defer")],
        [interest(1, PATEL, RIVERSIDE)],
        attendees=_gp_heavy_attendees(),
        rule=GB_RULE,
    )
    quorum = assess_meeting(facts).quorum[7]
    assert not quorum.quorate and not quorum.blocks_publication


def test_non_voting_and_absent_people_never_count():
    attendees = (
        AttendeeFacts(PATEL, "member", True),
        AttendeeFacts(HOLT, "in_attendance", False),
        AttendeeFacts(KAYE, "member", True, present=False),
    )
    quorum = assess_meeting(meeting([item(1)], attendees=attendees, rule=QuorumRule(2))).quorum[1]
    assert quorum.eligible_voter_ids == (PATEL,)


def test_a_person_told_not_to_attend_is_absent_for_every_item():
    decisions = [DecisionFacts(1, PATEL, Action.NOT_ATTEND, "Bidder's director")]
    facts = meeting(
        [item(1, [RIVERSIDE]), item(2)], [interest(1, PATEL, RIVERSIDE)], decisions=decisions
    )
    result = assess_meeting(facts)
    assert PATEL not in result.quorum[2].eligible_voter_ids


# --- Chairing -------------------------------------------------------------


def test_a_conflicted_chair_hands_over_to_the_vice_chair():
    facts = meeting(
        [item(1, [RIVERSIDE]), item(2)], [interest(1, PATEL, RIVERSIDE)], chair=PATEL, vice=KAYE
    )
    result = assess_meeting(facts)
    assert result.chairs[1].recommended_id == KAYE
    assert result.chairs[1].text == (
        "Dr A. Patel is conflicted on this item and should not chair it; the vice-chair, Mr R. Kaye, should chair it."
    )
    assert not result.chairs[2].needs_handover


def test_if_the_vice_chair_is_conflicted_too_another_non_conflicted_voting_member_chairs():
    facts = meeting(
        [item(1, [RIVERSIDE])],
        [
            interest(1, PATEL, RIVERSIDE),
            interest(2, KAYE, RIVERSIDE, nature="patient", kind="non_financial_personal"),
        ],
        chair=PATEL,
        vice=KAYE,
    )
    chair = assess_meeting(facts).chairs[1]
    assert chair.recommended_id not in (PATEL, KAYE)
    assert chair.recommended_id in (CLARKE, HOLT, LANG, WRIGHT)
    assert "a non-conflicted voting member, should chair it" in chair.text


# --- Agenda order ---------------------------------------------------------


def test_proposed_order_groups_items_people_leave_for_and_keeps_part_one_first():
    items = [
        item(1),
        item(2, [RIVERSIDE]),
        item(3),
        item(4, [RIVERSIDE]),
        item(5, [TRUST]),
        item(6, [RIVERSIDE], part="II"),
        item(7, part="II"),
        item(8, [RIVERSIDE], part="II"),
    ]
    facts = meeting(
        items, [interest(1, PATEL, RIVERSIDE), interest(2, WRIGHT, TRUST, nature="employee")]
    )
    order = assess_meeting(facts).order
    assert order.departures_current == 5
    assert order.departures_proposed < order.departures_current
    parts = {i.id: i.part for i in items}
    proposed_parts = [parts[i] for i in order.proposed]
    assert proposed_parts == sorted(proposed_parts)  # every Part I item before any Part II item
    assert sorted(order.proposed) == sorted(order.current)
    position = {item_id: n for n, item_id in enumerate(order.proposed)}
    assert abs(position[2] - position[4]) == 1


def test_count_departures():
    a, b = frozenset({1}), frozenset({2})
    assert count_departures([a, a, frozenset(), a]) == 2
    assert count_departures([a | b, a, b]) == 3


# --- Properties -----------------------------------------------------------

edges_strategy = st.lists(
    st.tuples(
        st.integers(1, 8),
        st.integers(1, 8),
        st.sampled_from(["member_of", "subsidiary_of", "owned_by", "partner_in"]),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(edges=edges_strategy, start=st.integers(1, 8), target=st.integers(1, 8))
def test_any_network_terminates_and_every_chain_hop_is_a_real_link(edges, start, target):
    edge_facts = tuple(EdgeFacts(s, t, k) for s, t, k in edges)
    facts = meeting([item(1, [target])], [interest(1, PATEL, start)], edges=edge_facts)
    verdict = assess_meeting(facts).verdict(PATEL, 1)
    links = {(s, t) for s, t, _ in edges} | {
        (t, s) for s, t, k in edges if k in ("subsidiary_of", "owned_by")
    }
    if verdict.conflicted:
        from recusal.network import BenefitNetwork

        path = BenefitNetwork(edge_facts, DAY).paths_to(target)[start]
        nodes = [start] + [hop.organisation_id for hop in path]
        assert all(pair in links for pair in itertools.pairwise(nodes))
        assert nodes[-1] == target
    reachable = {start}
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for s, t in links:
            if s == node and t not in reachable:
                reachable.add(t)
                frontier.append(t)
    assert verdict.conflicted is (target in reachable)


# --- Evaluation panels ----------------------------------------------------


def test_lot_check_names_the_chain_to_the_bidder_and_clears_the_rest():
    from recusal import LotCheckFacts, lot_conflicts

    lot = LotFacts(2, "Lot 2 Out-of-hours", (FEDERATION, TRUST))
    facts = LotCheckFacts(
        date=DAY,
        lot=lot,
        people=PEOPLE,
        interests=(
            interest(1, PATEL, RIVERSIDE),
            interest(2, CLARKE, MOORSIDE, nature="owner"),
            interest(
                3,
                WRIGHT,
                TRUST,
                nature="employee",
                is_indirect=True,
                relationship="spouse or partner",
                related_name="David Wright",
            ),
        ),
        edges=(MEMBER_OF,),
        organisation_names=NAMES,
    )
    result = lot_conflicts(facts)
    assert [r.text for r in result[PATEL]] == [
        "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ Northfield GP Federation "
        "—bidder on→ Lot 2 Out-of-hours"
    ]
    assert result[CLARKE] == ()
    assert "indirect: spouse or partner David Wright" in result[WRIGHT][0].text
    assert result[RESERVE_GP] == ()


def test_each_reason_carries_its_chain_as_data_for_the_presenters():
    """The arrow notation and the structured chain say the same thing."""
    lot = LotFacts(2, "Lot 2 Out-of-hours", (FEDERATION, TRUST))
    result = assess_meeting(meeting([item(70, lot=lot, number=7)], [interest(1, PATEL, RIVERSIDE)]))
    reason = result.verdict(PATEL, 70).reasons[0]
    assert reason.chain == Chain(
        person="Dr A. Patel",
        interest_type="financial",
        nature="partner",
        start="Riverside Surgery",
        links=(ChainLink("member of", "Northfield GP Federation"),),
        lot="Lot 2 Out-of-hours",
        item_number="7",
    )
    assert reason.chain.affected == "Northfield GP Federation"
    assert reason.text == arrow_text(reason.chain)
