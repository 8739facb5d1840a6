"""The typed hook through which apps describe their documents to the kernel.

Each app registers its kinds in ``AppConfig.ready()``. A kind's ``build`` makes the
content for one requesting user from the query parameters the screen uses, through the
same selectors and access checks as that screen: it raises ``Http404`` for what the user
may not know exists and ``PermissionDenied`` for what they may not open. The kernel
calls it when a document is asked for and again before a stored copy is handed over.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.documents.content import DocumentContent

Builder = Callable[[Any, Mapping[str, str]], DocumentContent]


@dataclass(frozen=True)
class DocumentKind:
    name: str  # e.g. "interests.published_register"
    label: str  # e.g. "Published register of interests"
    build: Builder
    # Query parameters the kind reads; anything else in a request is ignored.
    params: tuple[str, ...] = ()


_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(kind: DocumentKind) -> DocumentKind:
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise ValueError(f"Document kind {kind.name} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def document_kind(name: str) -> DocumentKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No document kind {name!r} is registered") from None


def registered_kinds() -> list[DocumentKind]:
    return list(_KINDS.values())
