"""Register entries as the recusal engine sees them, read as plain values.

Every meeting's facts need the entries of everyone it assesses: hundreds of rows per
meeting, thousands for a batch of meetings, so no model instances are built.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Case, DateTimeField, OuterRef, Q, QuerySet, Subquery, When

from interests.models import Interest
from meetings.models import RELATED_PERSON_TO_COMPLETE, Meeting, MeetingDeclaration
from recusal import InterestFacts

_FACT_COLUMNS = (
    "pk",
    "declarant_id",
    "organisation_id",
    "organisation_name",
    "category",
    "indirect_type",
    "nature",
    "start_date",
    "end_date",
    "related_person_relationship",
    "related_person_name",
)


def interest_facts(entries: QuerySet[Interest]) -> list[InterestFacts]:
    """The engine's view of these entries, read as plain values (no model instances: a
    meeting's attendees hold hundreds of entries)."""
    labels = _Labels()
    return [labels.fact(row) for row in entries.values_list(*_FACT_COLUMNS)]


class _Labels:
    """Builds InterestFacts from rows of ``_FACT_COLUMNS``, with the choices' labels."""

    def __init__(self) -> None:
        self.natures = {value: str(label).lower() for value, label in Interest.Nature.choices}
        self.relationships = {
            value: str(label).lower() for value, label in Interest.Relationship.choices
        }

    def fact(self, row: Sequence[Any]) -> InterestFacts:
        (pk, person, organisation, typed, category, indirect_type, nature) = row[:7]
        start, end, relationship, related_name = row[7:11]
        is_indirect = category == Interest.Category.INDIRECT
        return InterestFacts(
            id=pk,
            person_id=person,
            organisation_id=organisation,
            organisation_name=typed,
            interest_type=indirect_type if is_indirect else category,
            nature=self.natures.get(nature, nature.lower()),
            start=start,
            end=end,
            is_indirect=is_indirect,
            relationship=self.relationships.get(relationship, relationship.lower())
            if is_indirect
            else "",
            # Not yet named (declared at a meeting): no placeholder in anyone's minutes.
            related_name="" if related_name == RELATED_PERSON_TO_COMPLETE else related_name,
        )


def entries_counted_at(
    people: dict[int, set[int]], meetings: Sequence[Meeting]
) -> dict[int, list[InterestFacts]]:
    """meeting id -> the entries of its people that count at it: declared entries current
    on the day, plus drafts declared at that meeting or an earlier one (one query).

    A declaration made at a meeting counts from that meeting on, at every later meeting of
    any committee, until the member completes the draft (it is then a declared entry) or
    the Guardian records that it was made in error.
    """
    days = [m.date for m in meetings]
    # Only a draft needs the start of the first meeting it was declared at (that is not
    # ruled in error): the CASE spares the other entries the look-up.
    first_declared = Case(
        When(
            status=Interest.Status.DRAFT,
            then=Subquery(
                MeetingDeclaration.objects.standing()
                .filter(interest=OuterRef("pk"))
                .order_by("meeting__starts_at")
                .values("meeting__starts_at")[:1]
            ),
        ),
        default=None,
        output_field=DateTimeField(),
    )
    everyone = set().union(*people.values())
    rows = (
        Interest.objects.filter(declarant_id__in=list(everyone))
        .annotate(declared_from=first_declared)
        .filter(
            ~Q(status=Interest.Status.DRAFT)
            | Q(declared_from__lte=max(m.starts_at for m in meetings))
        )
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=max(days)))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=min(days)))
        .order_by()  # the default ordering joins the declarant only to sort
        .values_list(*_FACT_COLUMNS, "status", "declared_from")
    )
    labels = _Labels()
    by_person: dict[int, list[tuple[InterestFacts, datetime.datetime | None]]] = defaultdict(list)
    for row in rows:
        draft = row[11] == Interest.Status.DRAFT
        by_person[row[1]].append((labels.fact(row), row[12] if draft else None))
    counted: dict[int, list[InterestFacts]] = {}
    for meeting, day in zip(meetings, days, strict=True):
        counted[meeting.pk] = sorted(
            (
                fact
                for person in people[meeting.pk]
                for fact, declared_from in by_person.get(person, ())
                if fact.is_current_on(day)
                and (declared_from is None or declared_from <= meeting.starts_at)
            ),
            key=lambda fact: fact.id,
        )
    return counted
