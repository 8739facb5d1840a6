"""Uploaded files of each kind of import."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from interests.models import ImportBatch


def import_batch_get(pk: int, *, kind: ImportBatch.Kind) -> ImportBatch:
    """The batch, if it is of this kind; else a 404."""
    return get_object_or_404(ImportBatch, pk=pk, kind=kind)


def import_batches_recent(kind: ImportBatch.Kind, limit: int = 10) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(kind=kind).select_related("uploaded_by")[:limit]
