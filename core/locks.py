"""Serialising writers that would otherwise both pass a "does it exist yet?" check.

A row lock cannot guard a row not yet written: two people adding the same login, or the
same organisation, at once would both find nothing and both insert. A transaction-level
advisory lock on PostgreSQL, keyed by what must be unique, makes the second wait for the
first to commit; its own check then finds the first's row and answers with a message
(docs/adr/0028). SQLite writes one transaction at a time already.
"""

from __future__ import annotations

import zlib

from django.db import connection


def serialise(name: str) -> None:
    """Hold ``name``'s lock until the current transaction ends."""
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(name.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x5EC5, key - (1 << 31)])
