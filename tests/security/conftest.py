"""Regression tests for leaks found in review: each asserts the safe behaviour."""

from tests.meetings.conftest import pdf, story, story_published  # noqa: F401
