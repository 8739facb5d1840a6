"""Chain pictures: accessible, escaped SVG."""

from __future__ import annotations

from xml.etree import ElementTree

from core.svg_chain import Link, Node, chain_svg
from meetings.chain_pictures import chain_picture, chain_steps
from recusal import Chain
from recusal.results import ChainLink

SVG = "{http://www.w3.org/2000/svg}"


def test_a_chain_is_drawn_from_the_person_to_the_item() -> None:
    chain = Chain(
        person="Dr A. Patel",
        interest_type="financial",
        nature="partner",
        start="Riverside Surgery",
        links=(ChainLink("member of", "Northfield GP Federation"),),
        lot="Lot 2 Out-of-hours",
        item_number="6",
    )
    labels = [step.label for step in chain_steps(chain)]
    assert labels == [
        "Dr A. Patel",
        "financial: partner",
        "Riverside Surgery",
        "member of",
        "Northfield GP Federation",
        "bidder on",
        "Lot 2 Out-of-hours",
        "decided by",
        "item 6",
    ]
    root = ElementTree.fromstring(str(chain_picture(chain)))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text is not None and desc.text.startswith(
        "Dr A. Patel is a partner in Riverside Surgery, a member of Northfield GP Federation"
    )


def test_every_text_is_escaped() -> None:
    svg = str(
        chain_svg(
            [[Node("<script>alert(1)</script>"), Link("a & b"), Node("x")]],
            title="<t>",
            description='"d"',
        )
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ElementTree.fromstring(svg)  # well-formed
