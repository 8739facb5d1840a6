"""Uploading a lot's confidential documents: type checked by content; readers set by the panel."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.audit import audit_record
from core.uploads import store_upload, validate_document_upload
from procurements.models import Bid, Lot, LotDocument
from procurements.services.access import lot_access_sync


@transaction.atomic
def lot_document_upload(
    *, actor: Any, lot: Lot, kind: str, title: str, upload: UploadedFile, bid: Bid | None = None
) -> LotDocument:
    if bid is not None and bid.lot_id != lot.pk:
        raise ValidationError({"bid": "That bid is for another lot"})
    if kind == LotDocument.Kind.BID and bid is None:
        raise ValidationError({"bid": "Choose the bidder this bid document belongs to"})
    paper_type = validate_document_upload(upload)
    document = LotDocument(
        lot=lot,
        bid=bid,
        kind=kind,
        title=title.strip() or (upload.name or "Document"),
        uploaded_by=actor,
    )
    store_upload(document, upload, paper_type)
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        action="lot_document.uploaded",
        obj=document,
        detail={"sha256": document.sha256},
    )
    lot_access_sync(lot=lot)
    return document
