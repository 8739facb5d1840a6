"""'May I discuss this with them?' for procurements, and the search across procurements and
restricted items ("Dr Patel and the out-of-hours re-procurement").

The people who must not be told about a procurement are those the engine finds conflicted on
any of its lots through the current bidders: the same chains that keep them off its panels
and out of the room when its lots are decided. Only staff who see the whole procurement and
are not conflicted on it may ask; everyone else learns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from interests.models import Member
from meetings.access import meetings_for_user
from meetings.chain_words import chain_words, sentence
from meetings.models import AgendaItem
from meetings.selectors.discussion import KeepOut, item_keep_out
from meetings.services.access import meetings_from_today
from procurements.access import procurements_for_user
from procurements.models import Procurement
from procurements.selectors.lot_facts import lot_check
from procurements.selectors.screens import sees_whole_procurement

NOT_ENTITLED = "Only staff who see the whole procurement may see whom not to tell about it."
CONFLICTED = "You are conflicted on this procurement, so you cannot see whom not to tell about it."
SUBJECTS_SHOWN = 10


def procurement_keep_out(user: Any, procurement: Procurement) -> list[KeepOut]:
    if not sees_whole_procurement(user, procurement):
        raise PermissionDenied(NOT_ENTITLED)
    member = getattr(user, "member", None)
    people = list(Member.objects.filter(is_active=True))
    why: dict[int, list[str]] = {}
    for lot in procurement.lots.order_by("number"):
        for person_id, reasons in lot_check(lot, people).items():
            for reason in reasons:
                if reason.chain is not None:
                    why.setdefault(person_id, []).append(sentence(chain_words(reason.chain)))
    if member is not None and member.pk in why:
        raise PermissionDenied(CONFLICTED)
    names = {m.pk: m.short_name for m in people}
    return sorted(
        (KeepOut(pk, names[pk], tuple(dict.fromkeys(lines))) for pk, lines in why.items()),
        key=lambda r: r.name,
    )


@dataclass
class Answer:
    subject: str
    kind: str  # procurement, item
    obj: Any
    told: list[tuple[str, bool, tuple[str, ...]]] = field(default_factory=list)
    # (person's name, must not be told, why)


def _matching_people(person: str) -> list[Member]:
    query = Q()
    for word in person.split():
        if word.rstrip(".").lower() in {"dr", "mr", "mrs", "ms", "miss", "prof"}:
            continue
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return list(Member.objects.filter(query, is_active=True).order_by("last_name")[:10])


def _subjects(user: Any, about: str) -> list[tuple[str, str, Any]]:
    words = about.split()
    procurement_q, item_q = Q(), Q()
    for word in words:
        procurement_q &= Q(title__icontains=word) | Q(reference__icontains=word)
        item_q &= Q(title__icontains=word)
    procurements = [
        ("procurement", f"{p.reference} {p.title}", p)
        for p in procurements_for_user(user).filter(procurement_q)[:SUBJECTS_SHOWN]
        if sees_whole_procurement(user, p)
    ]
    items = (
        AgendaItem.objects.filter(
            meeting__in=meetings_for_user(user).filter(pk__in=meetings_from_today())
        )
        .filter(Q(part="II") | Q(title_is_confidential=True))
        .filter(item_q)
        .select_related("meeting__committee")[:SUBJECTS_SHOWN]
    )
    return procurements + [("item", f"item {i.number}: {i.title} ({i.meeting})", i) for i in items]


def discussion_search(user: Any, person: str, about: str) -> tuple[list[Answer], list[Any]]:
    """For each subject the user is entitled to ask about, whether each person matched must
    not be told. Subjects the user may not ask about are left out without a word. Returns
    the answers and the objects looked up (for the audit trail)."""
    people = _matching_people(person)
    answers = []
    for kind, label, obj in _subjects(user, about):
        try:
            rows = (
                procurement_keep_out(user, obj)
                if kind == "procurement"
                else item_keep_out(user, obj)
            )
        except PermissionDenied:
            continue
        out = {r.person_id: r for r in rows}
        answer = Answer(label, kind, obj)
        for m in people:
            row = out.get(m.pk)
            answer.told.append((m.short_name, row is not None, row.why if row else ()))
        answers.append(answer)
    return answers, [a.obj for a in answers]
