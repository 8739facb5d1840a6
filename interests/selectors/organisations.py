"""Reading organisations and the network between them.

The network selectors load every relationship current on a date in one
query and walk it in memory, so the recusal engine pays the same (constant)
number of queries whatever the depth of the network or the cycles in it.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.safestring import SafeString

from core.svg_chain import Link, Node, Step, chain_svg
from interests.models import ImportBatch, Interest, Organisation, OrganisationRelationship

ORGANISATIONS_PER_PAGE = 50

# One directed edge: (source id, target id, relationship kind).
NetworkEdge = tuple[int, int, str]
# One step of a path: the organisation reached and the kind of edge walked to reach it.
PathStep = tuple[int, str]
NetworkPath = list[PathStep]


# --- The network ------------------------------------------------------------


def _current_on(day: datetime.date) -> Q:
    return (Q(start_date__isnull=True) | Q(start_date__lte=day)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def organisation_network_edges(on: datetime.date) -> list[NetworkEdge]:
    """Every relationship current on ``on`` as (source, target, kind), in one query."""
    rows = (
        OrganisationRelationship.objects.filter(_current_on(on))
        .order_by("source_id", "target_id", "kind")
        .values_list("source_id", "target_id", "kind")
    )
    return [(source, target, kind) for source, target, kind in rows]


def organisations_reaching(
    targets: set[int],
    on: datetime.date,
    *,
    edges: Iterable[NetworkEdge] | None = None,
) -> dict[int, list[NetworkPath]]:
    """Organisations that reach any of ``targets`` by following edges source→target.

    For each such organisation, one shortest path to each target it reaches,
    shortest first; a path is the list of steps ``(organisation reached, kind
    of edge walked)`` and ends at the target. Riverside Surgery —member of→
    Northfield GP Federation gives ``{riverside: [[(federation, "member_of")]]}``
    for the target federation.

    A path never visits an organisation twice (nor returns to where it
    started), so cycles are walked once and never loop. Pass ``edges`` (from
    :func:`organisation_network_edges`) to reuse edges already loaded;
    otherwise they are loaded with one query.
    """
    if not targets:
        return {}
    if edges is None:
        edges = organisation_network_edges(on)
    # Walk backwards from each target: who points at what we have reached.
    incoming: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for source, target, kind in edges:
        if source != target:
            incoming[target].append((source, kind))

    found: dict[int, list[NetworkPath]] = defaultdict(list)
    for target in sorted(targets):
        path_to_target: dict[int, NetworkPath] = {target: []}
        queue: deque[int] = deque([target])
        while queue:
            reached = queue.popleft()
            for source, kind in incoming.get(reached, ()):
                if source in path_to_target:
                    continue  # already reached by a path as short or shorter
                path_to_target[source] = [(reached, kind), *path_to_target[reached]]
                queue.append(source)
        for organisation_id, path in path_to_target.items():
            if path:
                found[organisation_id].append(path)
    return {
        organisation_id: sorted(paths, key=lambda p: (len(p), p[-1][0]))
        for organisation_id, paths in found.items()
    }


# --- Lists and pages ----------------------------------------------------------


def organisation_list(
    *, search: str = "", kind: str = "", active: bool | None = None
) -> QuerySet[Organisation]:
    """Organisations matching a name or ODS code search and the kind and status filters."""
    organisations = Organisation.objects.all()
    search = search.strip()
    if search:
        organisations = organisations.filter(Q(name__icontains=search) | Q(ods_code__iexact=search))
    if kind:
        organisations = organisations.filter(kind=kind)
    if active is not None:
        organisations = organisations.filter(is_active=active)
    return organisations.order_by("name", "id")


def organisation_list_page(
    *, search: str = "", kind: str = "", active: bool | None = None, page: str | int | None = 1
) -> Page[Organisation]:
    organisations = organisation_list(search=search, kind=kind, active=active)
    return Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(page)


@dataclass(frozen=True)
class RelationshipRow:
    """A relationship as the detail page shows it, from one organisation's side."""

    relationship: OrganisationRelationship
    other: Organisation
    status: str  # "current", "ended" or "future"

    @property
    def status_label(self) -> str:
        return {"current": "Current", "ended": "Ended", "future": "Not started"}[self.status]


@dataclass(frozen=True)
class OrganisationDetail:
    organisation: Organisation
    outgoing: list[RelationshipRow]  # this organisation —kind→ other
    incoming: list[RelationshipRow]  # other —kind→ this organisation
    interest_count: int
    draft_interest_count: int

    @property
    def network_picture(self) -> SafeString | None:
        """The current links around the organisation, drawn (core.svg_chain); the tables
        below it say the same in text."""
        name = self.organisation.name
        columns: list[list[Step]] = []
        words = []
        for row in self.outgoing:
            if row.status == "current":
                label = row.relationship.get_kind_display()
                columns.append([Node(name), Link(label), Node(row.other.name)])
                words.append(f"{name} is {label} {row.other.name}")
        for row in self.incoming:
            if row.status == "current":
                label = row.relationship.get_kind_display()
                columns.append([Node(row.other.name), Link(label), Node(name)])
                words.append(f"{row.other.name} is {label} {name}")
        if not columns:
            return None
        return chain_svg(
            columns[:NETWORK_PICTURE_LINKS],
            title=f"The network around {name}",
            description="; ".join(words[:NETWORK_PICTURE_LINKS]) + ".",
        )


# Past this many current links the picture shows the first ones; the tables list them all.
NETWORK_PICTURE_LINKS = 8


def _status(relationship: OrganisationRelationship, today: datetime.date) -> str:
    if relationship.start_date and relationship.start_date > today:
        return "future"
    if relationship.end_date and relationship.end_date < today:
        return "ended"
    return "current"


def _rows(
    relationships: Iterable[OrganisationRelationship], *, other: str, today: datetime.date
) -> list[RelationshipRow]:
    rows = [RelationshipRow(r, getattr(r, other), _status(r, today)) for r in relationships]
    order = {"current": 0, "future": 1, "ended": 2}
    return sorted(rows, key=lambda row: (order[row.status], row.other.name, row.relationship.pk))


def organisation_detail(organisation: Organisation, viewer: Any) -> OrganisationDetail:
    """The organisation's relationships both ways, and how many register entries name it.

    Drafts are their declarant's own until submitted (ADR 0009): even their number is not
    shown to anyone else, so only the viewer's own drafts are counted.
    """
    today = timezone.localdate()
    outgoing = OrganisationRelationship.objects.filter(source=organisation).select_related("target")
    incoming = OrganisationRelationship.objects.filter(target=organisation).select_related("source")
    own = getattr(viewer, "member", None)
    own_id = own.pk if own is not None else 0  # no register record: no drafts of their own
    counts = Interest.objects.filter(organisation=organisation).aggregate(
        declared=Count("id", filter=~Q(status=Interest.Status.DRAFT)),
        drafts=Count("id", filter=Q(status=Interest.Status.DRAFT, declarant_id=own_id)),
    )
    return OrganisationDetail(
        organisation=organisation,
        outgoing=_rows(outgoing, other="target", today=today),
        incoming=_rows(incoming, other="source", today=today),
        interest_count=counts["declared"],
        draft_interest_count=counts["drafts"],
    )


_NAME_WITH_CODE = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>[A-Za-z0-9]{1,12})\)$")


def organisations_matching(text: str) -> list[Organisation]:
    """Organisations a person means by ``text``: an ODS code, a name (any case), or both.

    "Riverside Surgery (B82005)", as the suggestions list offers it, means the
    organisation with that code. More than one result means the name is shared.
    """
    text = " ".join(text.split())
    if not text:
        return []
    with_code = _NAME_WITH_CODE.match(text)
    code = with_code.group("code") if with_code else text
    by_code = list(Organisation.objects.filter(ods_code__iexact=code)[:2])
    if by_code:
        return by_code
    return list(Organisation.objects.filter(name__iexact=text).order_by("id")[:10])


def organisation_suggestions(text: str, *, limit: int = 20) -> list[Organisation]:
    """Organisations whose name contains ``text`` or whose ODS code is ``text``."""
    text = " ".join(text.split())[:100]
    if len(text) < 2:
        return []
    by_code = list(Organisation.objects.filter(ods_code__iexact=text)[:1])
    by_name = Organisation.objects.filter(name__icontains=text).order_by("-is_active", "name")
    return by_code + [o for o in by_name[:limit] if o not in by_code]


# --- Typed organisation names waiting to be linked ------------------------------


def normalise_organisation_name(name: str) -> str:
    """How typed names are compared: trimmed, inner spaces collapsed, any case."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class UnlinkedName:
    name: str  # as first typed
    key: str  # lower-cased and trimmed, as linking compares it
    interest_count: int
    suggestion: Organisation | None  # an organisation with the same name, if exactly one


def _unlinked_interests() -> QuerySet[Interest]:
    """Declared entries naming no organisation. Drafts are the declarant's own until submitted,
    so the governance team neither sees nor changes them."""
    return (
        Interest.objects.declared()
        .filter(organisation__isnull=True)
        .exclude(organisation_name__exact="")
    )


def unlinked_organisation_names() -> list[UnlinkedName]:
    """Organisation names typed on register entries that name no organisation yet.

    Grouped as linking compares them (trimmed, any case), with the number of
    entries for each and an organisation of the same name to suggest. Two
    queries; the typed names are few, so they are grouped here rather than
    in SQL, where case-folding differs between databases.
    """
    names: dict[str, list[str]] = defaultdict(list)
    for typed in _unlinked_interests().values_list("organisation_name", flat=True):
        key = normalise_organisation_name(typed)
        if key:
            names[key].append(" ".join(typed.split()))
    suggestions: dict[str, list[Organisation]] = defaultdict(list)
    if names:
        candidates = Organisation.objects.annotate(key=Lower(Trim("name"))).filter(
            key__in=list(names)
        )
        for organisation in candidates:
            suggestions[normalise_organisation_name(organisation.name)].append(organisation)
    return [
        UnlinkedName(
            name=min(typed),
            key=key,
            interest_count=len(typed),
            suggestion=suggestions[key][0] if len(suggestions[key]) == 1 else None,
        )
        for key, typed in sorted(names.items())
    ]


def unlinked_interests_named(name: str) -> list[Interest]:
    """Entries with no organisation whose typed name matches ``name`` (trimmed, any case)."""
    key = normalise_organisation_name(name)
    if not key:
        return []
    return [
        interest
        for interest in _unlinked_interests().order_by("id")
        if normalise_organisation_name(interest.organisation_name) == key
    ]


# --- Import batches ---------------------------------------------------------------

ORGANISATION_IMPORT_KINDS = (
    ImportBatch.Kind.ORGANISATIONS_ODS,
    ImportBatch.Kind.ORGANISATIONS_SIMPLE,
)


def organisation_import_batches_recent(limit: int = 10) -> QuerySet[ImportBatch]:
    return (
        ImportBatch.objects.filter(kind__in=ORGANISATION_IMPORT_KINDS)
        .select_related("uploaded_by")
        .defer("content")
        .order_by("-uploaded_at", "-id")[:limit]
    )


def organisation_import_batch(pk: int) -> ImportBatch | None:
    return ImportBatch.objects.filter(pk=pk, kind__in=ORGANISATION_IMPORT_KINDS).first()
