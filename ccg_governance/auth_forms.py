"""The login form, with messages in plain English."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm


class NhsukAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "Enter a correct username and password. Both are case-sensitive. "
            "After 5 wrong attempts your account is locked for 30 minutes."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No autofocus: keyboard and screen-reader users start at the skip link.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
