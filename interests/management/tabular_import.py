"""What the import commands for spreadsheets (import_register, import_people) share: read
the file as the user named, and guess its columns, overridden by --column field=Heading."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from interests.tabular import TableError, table_read


def import_file_read(
    *,
    path: Path,
    username: str,
    permission: str,
    who: str,
    encoding: str,
    columns: Sequence[str],
    guess: Callable[[Sequence[str]], dict[str, str]],
) -> tuple[bytes, Any, dict[str, str]]:
    """The file's content, the user importing it and the columns chosen; ``who`` says in the
    refusal what the user may not do ("import people")."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
    actor = get_user_model().objects.filter(username=username).first()
    if actor is None or not actor.has_perm(permission):
        raise CommandError(f"{username} is not a user who may {who}.")
    try:
        table = table_read(content=content, encoding=encoding)
    except TableError as exc:
        raise CommandError(str(exc)) from exc
    mapping = guess(table.headings)
    for choice in columns:
        key, _, heading = choice.partition("=")
        mapping[key.strip()] = heading.strip()
    return content, actor, {key: heading for key, heading in mapping.items() if heading}
