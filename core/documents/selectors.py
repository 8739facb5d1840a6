"""Reading issued documents: who may fetch a stored copy, and what the check page may say."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any

import pikepdf
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.documents.models import IssuedDocument

SEE_ALL_PERMISSION = "core.view_issueddocument"
_REFERENCE = re.compile(rb"RC-\d{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def document_for_user(user: Any, reference: str) -> IssuedDocument:
    """A published document for anyone; any other only for the person it was made for.

    Nobody else, whatever their role, is handed someone's stored copy: they ask for their
    own, built from what they may see. 404 either way, so references reveal nothing.
    """
    document = get_object_or_404(IssuedDocument, reference=reference)
    if document.is_public:
        return document
    if getattr(user, "is_authenticated", False) and document.requested_by_id == user.pk:
        return document
    raise Http404("No such document")


@dataclass(frozen=True)
class CheckResult:
    outcome: str  # "genuine", "sign_in", "changed" or "unknown"
    sha256: str
    document: IssuedDocument | None = None
    claimed_reference: str = ""
    show_recipient: bool = False


def _claimed_reference(data: bytes) -> str:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            subject = str(pdf.docinfo.get("/Subject", ""))
        found = _REFERENCE.search(subject.encode())
        if found:
            return found.group().decode()
    except (pikepdf.PdfError, ValueError):
        pass
    found = _REFERENCE.search(data)
    return found.group().decode() if found else ""


def document_check(data: bytes, user: Any) -> CheckResult:
    digest = hashlib.sha256(data).hexdigest()
    document = (
        IssuedDocument.objects.select_related("requested_by")
        .filter(sha256=digest, status=IssuedDocument.Status.READY)
        .first()
    )
    signed_in = getattr(user, "is_authenticated", False)
    if document is not None:
        if not document.is_public and not signed_in:
            # Only published documents are confirmed to visitors.
            return CheckResult("sign_in", digest)
        show = document.is_public or (
            document.requested_by_id == user.pk or user.has_perm(SEE_ALL_PERMISSION)
        )
        return CheckResult("genuine", digest, document, show_recipient=show)
    claimed = _claimed_reference(data)
    if claimed and IssuedDocument.objects.filter(reference=claimed).exists():
        return CheckResult("changed", digest, claimed_reference=claimed)
    return CheckResult("unknown", digest)
