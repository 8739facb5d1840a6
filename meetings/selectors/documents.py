"""What each reader receives: agenda packs and the two parts of the minutes.

Everything a person is excluded from is left out here, in one place, so a
page, a PDF and an email built from these never differ in what they leak:
they leak nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guardian.core import ObjectPermissionChecker

from interests.models import Member, Organisation
from meetings.access import sees_everything
from meetings.chain_words import sentence
from meetings.hooks import lots_of_items
from meetings.models import (
    AgendaItem,
    Attendance,
    ConflictDecision,
    ItemMinutes,
    Meeting,
    MeetingDeclaration,
    MinutesErratum,
    Paper,
)
from meetings.selectors.standing import Standing, member_standing
from recusal import Action

WITHHELD_NOTICE = "Withheld: you have declared an interest in this item."
CONFIDENTIAL_ITEM = "Confidential item (Part II)"
NOT_ABOUT_AN_ITEM = "Not about one agenda item"
NO_DECISION = "No decision recorded yet"
NO_ACTION = "No action needed"


@dataclass
class ItemEntry:
    item: AgendaItem
    withheld: bool = False
    papers: list[Paper] = field(default_factory=list)
    minutes: str = ""
    public_placeholder: bool = False  # a Part II item as the public Part I minutes name it
    standing: Standing | None = None  # the reader's own interest in the item, if any
    # The organisations the item affects (named and, for a lot, its bidders), for a reader
    # who receives the item: they check their declarations against these.
    organisations: list[str] = field(default_factory=list)

    @property
    def notice(self) -> str:
        """What the reader is told about their own interest in the item."""
        if self.standing is None:
            return WITHHELD_NOTICE if self.withheld else ""
        return self.standing.withheld_notice if self.withheld else self.standing.notice

    @property
    def heading(self) -> str:
        if self.public_placeholder:
            return f"Item {self.item.number}: {CONFIDENTIAL_ITEM}"
        if self.withheld and self.item.title_is_confidential:
            return f"Item {self.item.number}"
        return f"Item {self.item.number}: {self.item.title}"


@dataclass(frozen=True)
class DeclarationLine:
    who: str
    interest: str
    item: str
    decision: str
    left_at: Any
    returned_at: Any
    reason: str
    declared_at_meeting: bool = False


@dataclass(frozen=True)
class ErratumLine:
    recorded_at: Any
    item: str  # the heading of the item corrected, or "" for the minutes as a whole
    anchor: str
    text: str


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))


class _Readable:
    """Answers "may this person view this object?", with permissions fetched in one go."""

    def __init__(self, meeting: Meeting, user: Any, *object_lists: list[Any]) -> None:
        self.everything = sees_everything(user, meeting)
        self.checker = ObjectPermissionChecker(user)
        for objects in object_lists:
            # guardian prefetches one model at a time
            if objects and not self.everything:
                self.checker.prefetch_perms(objects)  # type: ignore[arg-type]

    def may(self, codename: str, obj: Any) -> bool:
        return self.everything or bool(self.checker.has_perm(codename, obj))


def agenda_pack(meeting: Meeting, user: Any) -> list[ItemEntry]:
    """Every item with the papers this person may receive, or a withheld notice."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related("affected_organisations")
        .order_by("position")
    )
    organisations = _organisations_by_item(items)
    papers = list(
        Paper.objects.filter(item__meeting=meeting, withdrawn_at__isnull=True).order_by(
            "uploaded_at"
        )
    )
    minutes = {m.item_id: m for m in ItemMinutes.objects.filter(item__in=items)}
    readable = _Readable(meeting, user, papers, list(minutes.values()))
    standings = {} if readable.everything else member_standing(meeting, _member(user))
    by_item: dict[int, list[Paper]] = {}
    for paper in papers:
        by_item.setdefault(paper.item_id, []).append(paper)
    entries = []
    for item in items:
        item_papers = by_item.get(item.pk, [])
        allowed = [p for p in item_papers if readable.may("view_paper", p)]
        item_minutes = minutes.get(item.pk)
        # An item is withheld if its papers or its minutes are: so an item with
        # no papers yet is still withheld from a conflicted reader.
        minutes_allowed = readable.everything or (
            item_minutes is not None and readable.may("view_itemminutes", item_minutes)
        )
        withheld = len(allowed) < len(item_papers) or not minutes_allowed
        entries.append(
            ItemEntry(
                item=item,
                withheld=withheld,
                papers=[] if withheld else allowed,
                standing=standings.get(item.pk),
                organisations=[] if withheld else organisations.get(item.pk, []),
            )
        )
    return entries


def _organisations_by_item(items: list[AgendaItem]) -> dict[int, list[str]]:
    """Each item's affected organisations and its lot's bidders, by name (two queries)."""
    lots = lots_of_items([item.pk for item in items])
    bidder_ids = {pk for linked in lots.values() for pk in linked.facts.bidder_ids}
    bidders = dict(Organisation.objects.filter(pk__in=bidder_ids).values_list("pk", "name"))
    result = {}
    for item in items:
        names = {organisation.name for organisation in item.affected_organisations.all()}
        linked = lots.get(item.pk)
        if linked is not None:
            names.update(bidders[pk] for pk in linked.facts.bidder_ids if pk in bidders)
        result[item.pk] = sorted(names)
    return result


def _member(user: Any) -> Member | None:
    return getattr(user, "member", None) if user.is_authenticated else None


def _declaration_lines(
    meeting: Meeting, *, public: bool, items: set[int] | None = None, general: bool = True
) -> list[DeclarationLine]:
    """The declarations section of the minutes: interests declared at the meeting about no
    one item first, then each conflict on each item (found by the engine or declared at the
    meeting) with the chair's decision and the times the person left and returned.

    ``public`` words it for the public Part I minutes: no related person named, and a
    Part II item's conflicts only as "an interest in a confidential matter". ``items``
    keeps only the lines about those items; ``general`` keeps the declarations about no item.
    """
    declarations = list(
        MeetingDeclaration.objects.filter(meeting=meeting)
        .select_related("member", "item", "organisation")
        .order_by("recorded_at", "pk")
    )
    lines = []
    if general:
        for general_one in (d for d in declarations if d.item_id is None):
            lines.append(
                DeclarationLine(
                    who=general_one.member.full_name,
                    interest=sentence(f"Declared at the meeting: {general_one.description}"),
                    item=NOT_ABOUT_AN_ITEM,
                    decision=NO_ACTION if general_one.settled_at else NO_DECISION,
                    left_at=None,
                    returned_at=None,
                    reason=general_one.no_action_reason,
                    declared_at_meeting=True,
                )
            )
    declared = {(d.item_id, d.member_id): d for d in declarations if d.item_id is not None}
    decisions = {
        (d.item_id, d.member_id): d
        for d in ConflictDecision.objects.filter(item__meeting=meeting).select_related(
            "member", "item"
        )
    }
    keys = sorted(
        set(decisions) | set(declared),
        key=lambda k: (
            (decisions.get(k) or declared[k]).item.position,  # type: ignore[union-attr]
            (decisions.get(k) or declared[k]).member.last_name,
        ),
    )
    for key in keys:
        decision = decisions.get(key)
        made = declared.get(key)
        source = decision or made
        if source is None or source.item is None:  # every key comes from one of the two
            continue
        item = source.item
        if items is not None and item.pk not in items:
            continue
        confidential = public and item.is_confidential
        said = sentence(f"Declared at the meeting: {made.description}") if made else ""
        if confidential:
            interest = "An interest in a confidential matter"
        elif decision is not None and (decision.public_words if public else decision.words):
            words = decision.public_words if public else decision.words
            # What the engine found, and what the person said, when they differ.
            interest = f"{words}\n{said}" if said and said not in words else words
        else:
            interest = said
        lines.append(
            DeclarationLine(
                who=source.member.full_name,
                interest=interest,
                item=f"Item {item.number}: {CONFIDENTIAL_ITEM if confidential else item.title}",
                decision=Action(decision.action).label if decision else NO_DECISION,
                left_at=decision.left_at if decision else None,
                returned_at=decision.returned_at if decision else None,
                reason=decision.reason if decision and not confidential else "",
                declared_at_meeting=made is not None,
            )
        )
    return lines


def _errata(meeting: Meeting, items: set[int] | None, general: bool) -> list[ErratumLine]:
    lines = []
    for erratum in MinutesErratum.objects.filter(meeting=meeting).select_related("item"):
        item = erratum.item
        if item is None:
            if general:
                lines.append(ErratumLine(erratum.recorded_at, "", "", erratum.text))
            continue
        if items is not None and item.pk not in items:
            continue
        lines.append(
            ErratumLine(
                erratum.recorded_at,
                f"Item {item.number}: {item.title}",
                f"minutes-item-{item.pk}",
                erratum.text,
            )
        )
    return lines


def declarations_made(meeting: Meeting) -> list[MeetingDeclaration]:
    return list(
        MeetingDeclaration.objects.filter(meeting=meeting).select_related(
            "member", "item", "organisation"
        )
    )


@dataclass
class MinutesDocument:
    meeting: Meeting
    part: str
    present: list[Attendance]
    apologies: list[Attendance]
    declarations: list[DeclarationLine]
    items: list[ItemEntry]
    errata: list[ErratumLine] = field(default_factory=list)


def _attendance(meeting: Meeting) -> tuple[list[Attendance], list[Attendance]]:
    rows = list(Attendance.objects.filter(meeting=meeting).select_related("member"))
    return [a for a in rows if not a.apologies], [a for a in rows if a.apologies]


def _minutes_text(items: list[AgendaItem]) -> dict[int, str]:
    return dict(ItemMinutes.objects.filter(item__in=items).values_list("item_id", "text"))


def part_one_minutes(meeting: Meeting) -> MinutesDocument:
    """The public minutes: Part I items in full; Part II items named only as confidential."""
    items = _items(meeting)
    texts = _minutes_text(items)
    entries = []
    for item in items:
        if item.is_confidential:
            entries.append(ItemEntry(item=item, withheld=True, public_placeholder=True))
        else:
            entries.append(ItemEntry(item=item, minutes=texts.get(item.pk, "")))
    present, apologies = _attendance(meeting)
    part_one = {item.pk for item in items if not item.is_confidential}
    return MinutesDocument(
        meeting,
        "I",
        present,
        apologies,
        _declaration_lines(meeting, public=True),
        entries,
        _errata(meeting, part_one, general=True),
    )


def readable_minutes(meeting: Meeting, user: Any, *, part: str | None) -> MinutesDocument:
    """A reader's copy of Part II (part="II") or of all (part=None), minus their exclusions."""
    items = [i for i in _items(meeting) if part is None or i.part == part]
    minutes = list(ItemMinutes.objects.filter(item__in=items))
    readable = _Readable(meeting, user, minutes)
    allowed = {m.item_id: m.text for m in minutes if readable.may("view_itemminutes", m)}
    if readable.everything:
        allowed = {item.pk: allowed.get(item.pk, "") for item in items}
    entries = [
        ItemEntry(item=item, withheld=item.pk not in allowed, minutes=allowed.get(item.pk, ""))
        for item in items
    ]
    present, apologies = _attendance(meeting)
    visible_items = {i.item.pk for i in entries if not i.withheld}
    # Declarations about no one item belong with the open part of the minutes.
    general = part is None
    return MinutesDocument(
        meeting,
        part or "all",
        present,
        apologies,
        _declaration_lines(meeting, public=False, items=visible_items, general=general),
        entries,
        _errata(meeting, visible_items, general=general),
    )
