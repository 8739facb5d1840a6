"""seed_scale writes only into an empty database: never beside a real register."""

from __future__ import annotations

from django.core.management.base import CommandError

from core.models import AuditEvent
from interests.models import Interest, Member, Organisation
from meetings.models import Committee, Meeting


def refuse_unless_empty() -> None:
    held = {
        "people": Member.objects.count(),
        "organisations": Organisation.objects.count(),
        "register entries": Interest.objects.count(),
        "committees": Committee.objects.count(),
        "meetings": Meeting.objects.count(),
        "audit records": AuditEvent.objects.count(),
    }
    found = {label: count for label, count in held.items() if count}
    if found:
        listed = ", ".join(f"{count:,} {label}" for label, count in found.items())
        raise CommandError(
            f"This database already holds data ({listed}). seed_scale only fills an empty "
            "database, for benchmarks: it never runs beside a real register. Create a new "
            "database (for example createdb recuse_scale) and point DATABASE_URL at it."
        )
