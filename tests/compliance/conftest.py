"""The seed story (tests/meetings/conftest.py) for the breaches register."""

from tests.meetings.conftest import story, story_held, story_published  # noqa: F401
