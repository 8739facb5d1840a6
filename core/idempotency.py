"""One-time form tokens: a form that creates something acts once, however often it is sent.

A create form carries a random token in a hidden field. The view spends it in the same
transaction as the service it calls: the token's row is the primary key of
``SpentFormToken``, so a second request with the same token, even one running at the same
instant, waits for the first to commit and then fails to insert. It is answered with
``AlreadySubmitted`` and the person is shown what the first request made. If the first
request's service refused (a validation error), its transaction, token included, is rolled
back and the form can be corrected and sent again (docs/adr/0028).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.db import IntegrityError, transaction

from core.models import SpentFormToken

ONCE_FIELD = "once_token"


class AlreadySubmitted(Exception):
    """This form has already been acted on."""


class OnceForm(forms.Form):
    """Mixed into a create form: the hidden one-time token."""

    once_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[ONCE_FIELD].initial = secrets.token_hex(16)

    def once(self) -> str:
        return str(self.cleaned_data.get(ONCE_FIELD) or "") if hasattr(self, "cleaned_data") else ""


@contextmanager
def spent_once(token: str, *, user: Any) -> Iterator[None]:
    """Run the block in a transaction that spends ``token``; raise ``AlreadySubmitted`` if it
    was spent. No token (a form from before tokens, or a script) runs the block as it is."""
    with transaction.atomic():
        if token:
            try:
                with transaction.atomic():
                    SpentFormToken.objects.create(
                        token=token[:64], user=user if getattr(user, "pk", None) else None
                    )
            except IntegrityError:
                raise AlreadySubmitted from None
        yield
