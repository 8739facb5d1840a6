"""The version token check refuses any token that is not the record's, never crashing: a form
posted without one included. Only a caller with no form at all (``None``) skips it."""

from __future__ import annotations

import pytest

from core.concurrency import StaleEdit, version_check, version_token

STATE = {"title": "Out-of-hours contract", "organisations": {3, 1, 2}}


def test_the_records_own_token_passes() -> None:
    version_check(expected=version_token(STATE), state=STATE, noun="item", shown=[])


@pytest.mark.parametrize(
    "token",
    ["0" * 40, "\u200b\u200d\ufeff", "é" * 40, "\x00", ""],
    ids=["an old token", "zero-width characters", "non-ASCII", "a NUL", "none sent"],
)
def test_any_other_token_is_refused_as_stale(token: str) -> None:
    with pytest.raises(StaleEdit) as refused:
        version_check(expected=token, state=STATE, noun="item", shown=[("Title", "x")])
    assert refused.value.version == version_token(STATE)
    assert refused.value.current == [("Title", "x")]


def test_a_caller_without_a_form_is_not_checked() -> None:
    version_check(expected=None, state=STATE, noun="item", shown=[])
