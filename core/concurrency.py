"""Optimistic concurrency for edit forms: a stale save is refused, nothing is overwritten.

An edit form carries, in a hidden field, a *version token*: a digest of what the record
held when the form was shown (its editable fields, and the links the form sets, such as an
agenda item's affected organisations). The service locks the row, computes the token of
what the row holds now and, if it differs, raises ``StaleEdit`` carrying the record as it
now reads. The form is shown again with the other person's change and a fresh token: saving
again is a deliberate choice to replace their change, never an accident (docs/adr/0028).

A digest rather than a version column: no migration on every edited table, and a change
made anywhere (an import, the admin, another screen) changes the token too.

A form posted without its token (an old tab, a script, a hand-made request) is refused the
same way: nothing says what its sender saw, so its save could overwrite a change unseen.
Only code that edits without a form (an import, the demo) passes no token at all (``None``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

VERSION_FIELD = "edit_version"


def version_token(state: Mapping[str, Any]) -> str:
    """The digest of a record's editable state (values made JSON-stable first)."""
    payload = json.dumps(
        {
            key: sorted(value) if isinstance(value, set | frozenset) else value
            for key, value in state.items()
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


class StaleEdit(ValidationError):
    """The record changed after the form was shown: the save is refused.

    ``current`` is what the record now reads, as (label, value) pairs for the page;
    ``version`` is the token of that state, for the form shown again.
    """

    def __init__(self, *, noun: str, current: list[tuple[str, str]], version: str) -> None:
        self.current = current
        self.version = version
        super().__init__(
            f"Someone else changed this {noun} after you opened it, so your changes have not "
            f"been saved. Check what it reads now (below), then save again if your changes "
            f"should replace theirs.",
            code="stale",
        )


def version_check(
    *,
    expected: str | None,
    state: Mapping[str, Any],
    noun: str,
    shown: list[tuple[str, str]],
) -> None:
    """Refuse the save unless the row still holds the state ``expected`` was made from.

    Call it after locking the row (``select_for_update``), before changing anything.
    ``expected`` is the form's token: an empty one (the form was posted without it) is
    refused as stale. ``None`` means no form is involved (an import, the demo): no check.
    """
    if expected is None:
        return
    current = version_token(state)
    # A missing token, or one that is not ours (not even ASCII, which compare_digest
    # refuses), is as stale as an old one: refused the same way, never saved unseen.
    if not expected or not expected.isascii() or not hmac.compare_digest(expected, current):
        raise StaleEdit(noun=noun, current=shown, version=current)


class VersionedForm(forms.Form):
    """Mixed into an edit form: the hidden version token, and the refusal shown on it."""

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    edit_conflict: list[tuple[str, str]] | None = None

    def version(self) -> str:
        """The token as posted: empty when the form came without one, which the service
        refuses as stale (``version_check``); never ``None``, which would skip the check."""
        value = self.cleaned_data.get(VERSION_FIELD) if hasattr(self, "cleaned_data") else ""
        return value or ""

    def show_conflict(self, error: StaleEdit) -> None:
        """Keep what the person typed, show the record as it now reads, and refresh the
        token so that a second save (now informed) goes through."""
        self.edit_conflict = error.current
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = error.version
            self.data = data
        self.add_error(None, error.messages[0])
