"""The organisation network as the recusal engine needs it, read once while it stands.

Every assessment needs every relationship and the organisations' names (the engine walks
the network in memory): at the size of an integrated care board that is 2,000 rows and
2,500 names, the two largest reads of a meeting's facts. They change rarely, so each
process keeps them, under a stamp read from the database in one small query with every
assessment: the last history row of relationships and of organisations (django-simple-
history writes one on every change through the services, the import and the admin, in
the same transaction), and both tables' row counts and highest ids (bulk loads that write
no history). An update that bypasses the history (``QuerySet.update``) would go unseen:
nothing in the application makes one, and none may.

On PostgreSQL a history id or a row id is never reused, even when its transaction rolls
back: a network read inside a transaction that changed it (a practice joining a federation
re-checks the meetings before it commits) is kept under a stamp no committed state will
ever have, and one read by anybody after the commit has a stamp of its own. So a kept
network is never used where a newer one is due, and verdicts, and the permissions that
follow from them, are never computed from a stale network. SQLite reuses the ids of rows
rolled back, so there nothing is kept: the network is read every time.
"""

from __future__ import annotations

import bisect
import datetime
import threading
from dataclasses import dataclass, field

from django.db import connection

from interests.models import Organisation, OrganisationRelationship
from recusal import EdgeFacts
from recusal.network import stretch_boundaries

_STAMP_SQL = f"""
SELECT
  (SELECT max(history_id) FROM {OrganisationRelationship.history.model._meta.db_table}),
  (SELECT count(*) FROM {OrganisationRelationship._meta.db_table}),
  (SELECT max(id) FROM {OrganisationRelationship._meta.db_table}),
  (SELECT max(history_id) FROM {Organisation.history.model._meta.db_table}),
  (SELECT count(*) FROM {Organisation._meta.db_table}),
  (SELECT max(id) FROM {Organisation._meta.db_table})
"""  # noqa: S608  # nosec B608: table names from the models, no input


@dataclass
class Network:
    """Every relationship (whatever its dates) and every organisation's name."""

    edges: tuple[EdgeFacts, ...]
    names: dict[int, str]
    _on: dict[int, tuple[EdgeFacts, ...]] = field(default_factory=dict)
    _boundaries: list[datetime.date] | None = None

    def edges_on(self, day: datetime.date) -> tuple[EdgeFacts, ...]:
        """The relationships current on the day: the same tuple for every day of a stretch
        with the same relationships current (``recusal.network.NetworksByDay``), so a year
        of meetings filters the relationships a few times, not once a meeting."""
        if self._boundaries is None:
            self._boundaries = stretch_boundaries(self.edges)
        stretch = bisect.bisect_right(self._boundaries, day)
        if stretch not in self._on:
            if len(self._on) > 64:
                self._on.clear()
            self._on[stretch] = tuple(e for e in self.edges if e.is_current_on(day))
        return self._on[stretch]


_kept: dict[str, tuple[tuple[object, ...], Network]] = {}
_lock = threading.Lock()


def _stamp() -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL)
        row = cursor.fetchone()
    return (connection.alias, connection.settings_dict["NAME"], *row)


def _read() -> Network:
    rows = OrganisationRelationship.objects.order_by().values_list(
        "source_id", "target_id", "kind", "start_date", "end_date"
    )
    names = Organisation.objects.order_by().values_list("pk", "name")
    return Network(tuple(EdgeFacts(*row) for row in rows), dict(names))


def current_network() -> Network:
    """The network as committed now (or as this transaction has changed it): one query
    while the kept one stands, three when it has changed."""
    if connection.vendor != "postgresql":
        return _read()
    stamp = _stamp()
    kept = _kept.get("network")
    if kept is not None and kept[0] == stamp:
        return kept[1]
    network = _read()
    with _lock:
        _kept["network"] = (stamp, network)
    return network
