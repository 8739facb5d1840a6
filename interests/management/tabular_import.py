"""What the import commands for spreadsheets (import_register, import_people) share: read
the file as the user named, guess its columns (overridden by --column field=Heading), upload
it, record the columns and check it, as the screens do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from interests.tabular import TableError, table_read


def _user_who_may(username: str, may: tuple[str, str]) -> Any:
    permission, what = may
    actor = get_user_model().objects.filter(username=username).first()
    if actor is None or not actor.has_perm(permission):
        raise CommandError(f"{username} is not a user who may {what}.")
    return actor


def import_file_checked(
    options: dict[str, Any],
    *,
    may: tuple[str, str],
    guess: Callable[[Sequence[str]], dict[str, str]],
    services: tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]],
    **choices: Any,
) -> tuple[Any, Any, dict[str, str], Any]:
    """The batch uploaded from ``options["path"]``, the user, the columns and the check.
    ``may``: the permission needed and what it allows ("import people"); ``services``: the
    import's upload, columns and check; ``choices``: more for its columns (``full``)."""
    path: Path = options["path"]
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
    actor = _user_who_may(options["user"], may)
    try:
        table = table_read(content=content, encoding=options["encoding"])
    except TableError as exc:
        raise CommandError(str(exc)) from exc
    mapping = guess(table.headings)
    for choice in options["column"]:
        key, _, heading = choice.partition("=")
        mapping[key.strip()] = heading.strip()
    mapping = {key: heading for key, heading in mapping.items() if heading}
    upload, mapping_set, check = services
    try:
        batch = upload(
            actor=actor, filename=path.name, content=content, encoding=options["encoding"]
        )
        mapping_set(batch=batch, mapping=mapping, actor=actor, **choices)
        preview = check(batch=batch, actor=actor)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    return batch, actor, mapping, preview
