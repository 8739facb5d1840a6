"""The kept result of checking an uploaded file: the preview the secretary reads.

A check (the register's dry run, the people dry run) runs as a job (``import_jobs``); its
result is kept in the cache shared by every web instance and worker (``CACHE_URL``; the
parsed table is kept there too, ADR 0029), keyed by the batch, the file's content and
encoding, and the columns chosen, so a preview of other columns is never shown. The preview
pages and the commit form read it instead of running the dry run again in the request.

It is a view of the register when the check ran: the import recomputes it inside its own
transaction and refuses (then checks again) if the outcome has changed since.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import cache

from interests.models import ImportBatch

KEPT_FOR_SECONDS = 6 * 3600


def import_preview_key(batch: ImportBatch) -> str:
    """Names what was checked: the file, its encoding, its columns and whether it is full."""
    digest = hashlib.sha256(bytes(batch.content))
    digest.update(
        json.dumps(
            {
                "encoding": batch.encoding,
                "mapping": batch.column_mapping,
                "full": bool(batch.summary.get("full")),
            },
            sort_keys=True,
        ).encode()
    )
    return digest.hexdigest()[:32]


def _cache_key(batch: ImportBatch) -> str:
    return f"import-preview:{batch.pk}:{import_preview_key(batch)}"


def import_preview_kept(batch: ImportBatch) -> Any | None:
    """The preview of the batch as it stands (its columns), if it has been checked."""
    return cache.get(_cache_key(batch))


def import_preview_keep(batch: ImportBatch, preview: Any) -> None:
    cache.set(_cache_key(batch), preview, KEPT_FOR_SECONDS)
