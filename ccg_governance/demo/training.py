"""The demo's conflicts of interest training: most have passed module 1 this year; one pass
has lapsed, one attempt fell short, and one GP has never done it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from interests.models import Member
from interests.services.training import training_record

# username, module, days ago, score
RESULTS = [
    ("chair", "module_1", 60, 92),
    ("chair", "module_3", 58, 85),
    ("gp.okafor", "module_1", 400, 88),  # lapsed: more than a year ago
    ("gp.hughes", "module_1", 30, 74),  # not a pass
    ("gp.singh", "module_1", 95, 81),
    ("guardian", "module_1", 120, 96),
    ("guardian", "module_2", 118, 90),
    ("lay.kaye", "module_1", 200, 84),
    ("secretary", "module_1", 15, 100),
]


def seed_training(members: dict[str, Member]) -> None:
    """Idempotent: a module someone already has a result for is left as it is."""
    secretary = members["secretary"].user
    today = timezone.localdate()
    for username, module, days_ago, score in RESULTS:
        member = members.get(username)
        if member is None or member.training_records.filter(module=module).exists():
            continue
        training_record(
            actor=secretary,
            member=member,
            module=module,
            completed_on=today - datetime.timedelta(days=days_ago),
            score=score,
        )
