"""The seed story (tests/meetings/conftest.py) for the kernel's tests of the audit trail."""

from tests.meetings.conftest import story  # noqa: F401
