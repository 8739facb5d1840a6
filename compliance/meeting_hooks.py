"""What compliance plugs into meetings' hooks (meetings.hooks), registered in apps.py."""

from __future__ import annotations

from django.db import transaction

from compliance.tasks import detect_breaches
from meetings.models import Meeting


def detect_after_approval(meeting: Meeting) -> None:
    """meetings.hooks.MinutesApproved: once the minutes are approved the meeting's record is
    settled; check for likely breaches after the approval commits."""
    transaction.on_commit(detect_breaches.delay)
