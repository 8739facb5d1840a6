"""The reliability suite reuses the meetings story (a governing body deciding an award)."""

from typing import Any

import pytest

from core.roles import sync_roles
from tests.interests.test_register_import import organisations, people, signed_in  # noqa: F401
from tests.meetings.conftest import story, story_published  # noqa: F401


@pytest.fixture(autouse=True)
def _roles(_django_db_helper: Any) -> None:
    """Races run in committed transactions, and the flush after each takes the role groups
    the data migrations made: put them back before the personas are made."""
    sync_roles()
