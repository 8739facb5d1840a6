"""Years of audit trail: millions of rows, copied into PostgreSQL in bulk."""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
from collections.abc import Iterator

from django.db import connection
from django.utils import timezone

from core.models import AuditEvent

ACTIONS = [
    ("interest.declared", "interests.interest"),
    ("interest.reviewed", "interests.interest"),
    ("paper.downloaded", "meetings.paper"),
    ("pack.viewed", "meetings.meeting"),
    ("agenda.item_added", "meetings.agendaitem"),
    ("conflict.decided", "meetings.conflictdecision"),
    ("gift.declared", "interests.giftorhospitality"),
    ("member.changed", "interests.member"),
]
CHUNK = 50_000


Row = tuple[datetime.datetime, int | None, str, str, int, str, dict[str, str]]


def _rows(rng: random.Random, count: int, actor_ids: list[int]) -> Iterator[Row]:
    now = timezone.now()
    span = 4 * 365 * 24 * 3600
    for _ in range(count):
        action, object_type = rng.choice(ACTIONS)
        at = now - datetime.timedelta(seconds=rng.randrange(span))
        actor = rng.choice(actor_ids) if actor_ids else None
        yield (at, actor, action, object_type, rng.randrange(1, 40_000), "", {})


def build_audit_trail(rng: random.Random, count: int, actor_ids: list[int]) -> None:
    rows = _rows(rng, count, actor_ids)
    if connection.vendor != "postgresql":
        fields = ["at", "actor_id", "action", "object_type", "object_id", "object_repr", "detail"]
        batch = [AuditEvent(**dict(zip(fields, row, strict=True))) for row in rows]
        AuditEvent.objects.bulk_create(batch, batch_size=5000)
        return
    table = AuditEvent._meta.db_table
    columns = "at, actor_id, action, object_type, object_id, object_repr, detail"
    with connection.cursor() as cursor:
        while True:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            written = 0
            for at, actor, action, object_type, object_id, repr_, detail in rows:
                writer.writerow(
                    [
                        at.isoformat(),
                        actor if actor is not None else r"\N",
                        action,
                        object_type,
                        object_id,
                        repr_,
                        json.dumps(detail),
                    ]
                )
                written += 1
                if written == CHUNK:
                    break
            if not written:
                return
            buffer.seek(0)
            cursor.cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
            )
