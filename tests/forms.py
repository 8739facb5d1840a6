"""Helpers for tests that post a page's form as a browser would.

An edit form carries a hidden version token (``core.concurrency``): a save posted without it
is refused as stale. Tests that save an edit form therefore read the form from the page
first, as a person's browser does, instead of making its fields up.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client

from core.concurrency import VERSION_FIELD


class _FormReader(HTMLParser):
    """The fields of the page's POST forms, as a browser would send them: inputs, ticked
    boxes, chosen options and text areas."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._fields = []
            self.forms.append(self._fields)
        if self._fields is None:
            return
        name = a.get("name", "")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._fields.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            text = "".join(self._text)
            self._fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._fields = None

    def fields(self, marker: str) -> dict[str, Any]:
        """The first POST form with a field named ``marker`` (several values: a list)."""
        for form in self.forms:
            if any(name == marker for name, _ in form):
                data: dict[str, Any] = {}
                for name, value in form:
                    data.setdefault(name, []).append(value)
                return {k: v[0] if len(v) == 1 else v for k, v in data.items()}
        raise AssertionError(f"no form on the page carries {marker}")


def form_fields(html: str, marker: str = VERSION_FIELD) -> dict[str, Any]:
    """Every field of the page's POST form that holds ``marker``, as the browser would send
    it. The marker must not be empty."""
    reader = _FormReader()
    reader.feed(html)
    data = reader.fields(marker)
    assert data[marker], f"the form carries an empty {marker}"
    return data


def form_as_shown(client: Client, url: str, marker: str = VERSION_FIELD) -> dict[str, Any]:
    """The fields of the form at ``url`` holding ``marker`` (``form_fields``), read from a
    GET as the client's user."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return form_fields(response.content.decode(), marker)


def edit_token(client: Client, url: str, prefix: str = "") -> dict[str, str]:
    """The edit form's version token at ``url``, as the page shows it to the client's user:
    ``{name: token}``, to post with the fields a test changes."""
    name = f"{prefix}-{VERSION_FIELD}" if prefix else VERSION_FIELD
    return {name: form_as_shown(client, url, name)[name]}


def post_edit(client: Client, url: str, data: dict[str, Any], prefix: str = "") -> Any:
    """Post ``data`` to the edit form at ``url`` with the token the page shows now, as a
    person who opened the form and saved it would."""
    return client.post(url, {**edit_token(client, url, prefix), **data})
