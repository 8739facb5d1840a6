"""The procurement tests reuse the meetings' seed-story fixture."""

from tests.meetings.conftest import pdf, story, story_published  # noqa: F401
