"""An uploaded spreadsheet, parsed once (ADR 0029).

The columns page, every preview and the import read the parsed table from the cache (shared
by every web instance and worker), keyed by the content's digest, so an edited batch is
never read stale.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from interests.models import ImportBatch
from interests.tabular import Table, table_read

PARSED_FOR_SECONDS = 3600


def import_table(batch: ImportBatch) -> Table:
    """The batch's table. Raises TableError if the file cannot be read."""
    table = cache.get(_table_key(batch))
    if isinstance(table, Table):
        return table
    table = table_read(content=bytes(batch.content), encoding=batch.encoding)
    import_table_keep(batch, table)
    return table


def import_table_keep(batch: ImportBatch, table: Table) -> None:
    """Keep the table parsed at upload for the pages that follow."""
    cache.set(_table_key(batch), table, PARSED_FOR_SECONDS)


def _table_key(batch: ImportBatch) -> str:
    digest = hashlib.sha256(bytes(batch.content)).hexdigest()
    return f"import-table:{batch.pk}:{digest}:{batch.encoding}"
