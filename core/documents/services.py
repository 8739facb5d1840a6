"""Asking for a document, rendering it in chunks, merging, signing and storing it.

``document_request`` runs in the request: it builds the content through the app's kind
(the same access checks as the screen), reuses a stored copy when nothing it shows has
changed, and otherwise freezes the content to disk and queues the job. The workers
(``core.tasks``) call ``document_render_chunk`` for each chunk, in parallel when there are
several workers, and ``document_finish`` once all are done. Every step is idempotent: a
task redelivered after its worker was killed finds what was finished and redoes the rest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from core.audit import audit_record
from core.documents import storage
from core.documents.content import DocumentContent, content_fingerprint, plan_chunks
from core.documents.kinds import document_kind
from core.documents.models import IssuedDocument
from core.pdf.files import atomic_file, atomic_write, remove_partial_files
from core.pdf.isolated import render_chunk_to_file
from core.pdf.memory import release_memory
from core.pdf.merge import Attachment, PdfMetadata, merge_pdfs, merge_pdfs_into
from core.pdf.render import page_count
from core.pdf.signing import configured_identity, sign_pdf

logger = logging.getLogger(__name__)

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
PRINT_CSS = (settings.BASE_DIR / "core" / "pdf" / "print.css").read_text()

# Set by core.tasks: how a queued document reaches the workers.
Enqueue = Callable[[int], None]
_enqueue: Enqueue | None = None


def set_enqueue(enqueue: Enqueue) -> None:
    global _enqueue
    _enqueue = enqueue


def new_reference() -> str:
    code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"RC-{timezone.localdate():%y%m}-{code[:4]}-{code[4:]}"


def requester_name(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return "a member of the public"
    member = getattr(user, "member", None)
    return member.full_name if member is not None else user.get_username()


def _clean_params(kind_params: tuple[str, ...], params: Mapping[str, str]) -> dict[str, str]:
    """The parameters the kind reads (a date filter ``d`` arrives as ``d_0``, ``d_1``, ``d_2``)."""
    return {
        key: str(params[key])[:200]
        for key in sorted(params)
        if params.get(key)
        and any(key == name or key.startswith(f"{name}_") for name in kind_params)
    }


def _reusable(kind: str, fingerprint: str, user: Any, public: bool) -> IssuedDocument | None:
    candidates = IssuedDocument.objects.filter(
        kind=kind,
        fingerprint=fingerprint,
        status__in=[
            IssuedDocument.Status.QUEUED,
            IssuedDocument.Status.RENDERING,
            IssuedDocument.Status.READY,
        ],
    )
    if public:
        candidates = candidates.filter(audience=IssuedDocument.Audience.PUBLIC)
    else:
        # A restricted copy is only ever the requester's own: someone else, even with the
        # same rights today, gets a copy made (and recorded) for them.
        if not getattr(user, "is_authenticated", False):
            return None
        candidates = candidates.filter(
            audience=IssuedDocument.Audience.RESTRICTED, requested_by=user
        )
    for document in candidates.order_by("-requested_at")[:3]:
        if not document.is_ready or storage.media_path(document.file.name or "").is_file():
            return document
    return None


def _manifest(document: IssuedDocument, content: DocumentContent, check_url: str) -> dict[str, Any]:
    return {
        "reference": document.reference,
        "title": content.title,
        "subtitle": content.subtitle,
        "filters": [list(pair) for pair in content.filters],
        "landscape": content.landscape,
        "organisation": settings.ORGANISATION_NAME,
        "logo": Path(settings.PDF_LOGO_FILE).resolve().as_uri() if settings.PDF_LOGO_FILE else "",
        "generated_at": timezone.localtime(document.requested_at).strftime("%-d %B %Y at %H:%M"),
        "generated_for": document.requested_for,
        "public": content.public,
        "check_url": check_url,
        "attachments": [asdict(a) for a in content.attachments],
    }


def _write_work(document: IssuedDocument, content: DocumentContent, check_url: str) -> int:
    chunks = plan_chunks(content, settings.PDF_CHUNK_ROWS)
    for chunk in chunks:
        atomic_write(
            storage.chunk_json(document, chunk.index),
            json.dumps({"index": chunk.index, "sections": chunk.sections}).encode(),
        )
    atomic_write(
        storage.manifest(document), json.dumps(_manifest(document, content, check_url)).encode()
    )
    return len(chunks)


def document_request(
    *,
    kind: str,
    params: Mapping[str, str],
    user: Any,
    check_url: str,
    source_url: str = "",
    request: Any = None,
) -> IssuedDocument:
    """The document this user asked for: a stored copy if nothing has changed, else a new job.

    Raises Http404 or PermissionDenied exactly as the screen would.
    """
    document_type = document_kind(kind)
    clean = _clean_params(document_type.params, params)
    content = document_type.build(user, clean)
    fingerprint = content_fingerprint(kind, content)
    existing = _reusable(kind, fingerprint, user, content.public)
    if existing is not None:
        return existing
    with transaction.atomic():
        document = IssuedDocument(
            reference=new_reference(),
            kind=kind,
            title=content.title[:300],
            params=clean,
            audience=(
                IssuedDocument.Audience.PUBLIC
                if content.public
                else IssuedDocument.Audience.RESTRICTED
            ),
            fingerprint=fingerprint,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            requested_for="the public" if content.public else requester_name(user),
            source_url=source_url[:500],
        )
        document.chunks_total = _write_work(document, content, check_url)
        document.full_clean()
        document.save()
        audit_record(
            actor=user,
            action="document.requested",
            obj=document,
            detail={"kind": kind, "params": clean, "rows": content.row_count},
            request=request,
        )
        transaction.on_commit(lambda: _queue(document))
    return document


def _queue(document: IssuedDocument) -> None:
    if _enqueue is None:
        raise RuntimeError("core.tasks has not registered how documents are queued")
    try:
        _enqueue(document.pk)
    except Exception:
        # The broker is down: say so on the document's page instead of failing the request.
        logger.exception("Could not queue document %s", document.reference)
        document_fail(document_id=document.pk, message="The document service is not available.")


def document_is_current(document: IssuedDocument, user: Any) -> bool:
    """Whether the stored copy still shows exactly what this user may see now.

    Rebuilds the content through the kind (Http404/PermissionDenied if the user lost
    access) and compares fingerprints: after a late declaration, an earlier pack differs.
    """
    document_type = document_kind(document.kind)
    content = document_type.build(user, document.params)
    return content_fingerprint(document.kind, content) == document.fingerprint


# --- The job ------------------------------------------------------------------


def _load(path: Any) -> dict[str, Any]:
    return json.loads(path.read_text())


def document_start(*, document_id: int) -> IssuedDocument | None:
    """Mark the job started; None when there is nothing to do (ready or failed)."""
    updated = IssuedDocument.objects.filter(
        pk=document_id,
        status__in=[IssuedDocument.Status.QUEUED, IssuedDocument.Status.RENDERING],
    ).update(status=IssuedDocument.Status.RENDERING)
    if not updated:
        return None
    return IssuedDocument.objects.get(pk=document_id)


def chunk_html(document: IssuedDocument, index: int) -> str:
    header = _load(storage.manifest(document))
    chunk = _load(storage.chunk_json(document, index))
    return render_to_string(
        "core/pdf/document.html",
        {**header, "first": index == 0, "sections": chunk["sections"], "css": PRINT_CSS},
    )


def document_render_chunk(*, document_id: int, index: int) -> int:
    """Render one chunk to its PDF (once) and return its page count."""
    document = IssuedDocument.objects.get(pk=document_id)
    target = storage.chunk_pdf(document, index)
    if document.is_ready:
        return 0
    if target.is_file():
        return page_count(target.read_bytes())
    for leftover in target.parent.glob(f".{target.name}.*.part"):
        leftover.unlink(missing_ok=True)
    rendered = render_chunk_to_file(
        chunk_html(document, index),
        target,
        base_url=str(settings.BASE_DIR),
        id_prefix=f"c{index}-",
    )
    logger.info(
        "Document %s chunk %d rendered: %d pages, peak memory %.0f MB",
        document.reference,
        index,
        rendered.pages,
        rendered.peak_mb,
    )
    IssuedDocument.objects.filter(pk=document_id).update(
        chunks_done=F("chunks_done") + 1, pages_done=F("pages_done") + rendered.pages
    )
    return rendered.pages


@dataclass(frozen=True)
class _Stored:
    sha256: str
    size: int
    pages: int
    skipped_attachments: tuple[str, ...]


def _store_merged(
    document: IssuedDocument,
    header: dict[str, Any],
    chunks: list[Path],
    final: Path,
    identity: Any,
) -> _Stored:
    """Merge the chunks and attachments into ``final``, whole or not at all.

    Unsigned, the merged PDF goes straight to the file as it is made: a 1,356-page
    register is never held in memory (three copies of it were, 40 MB at full scale).
    Signing needs the whole document, so a signed one is merged in memory first.
    """
    metadata = PdfMetadata(
        title=header["title"],
        author=settings.ORGANISATION_NAME,
        subject=f"Reference {document.reference}",
        keywords=f"Recuse; {document.reference}",
    )
    attachments = [
        Attachment(a["title"], storage.media_path(a["storage_name"])) for a in header["attachments"]
    ]
    if identity is None:
        with atomic_file(final) as out:
            pages, skipped = merge_pdfs_into(out, chunks, metadata, attachments=attachments)
        with final.open("rb") as written:
            digest = hashlib.file_digest(written, "sha256").hexdigest()
        return _Stored(digest, final.stat().st_size, pages, skipped)
    result = merge_pdfs(chunks, metadata, attachments=attachments)
    data = sign_pdf(
        result.data,
        identity,
        reason=f"Issued by {settings.ORGANISATION_NAME} (reference {document.reference})",
        location=settings.ORGANISATION_NAME,
    )
    atomic_write(final, data)
    return _Stored(
        hashlib.sha256(data).hexdigest(), len(data), result.pages, result.skipped_attachments
    )


def document_finish(*, document_id: int) -> IssuedDocument:
    """Merge the chunks, append the attachments, number, sign and store the document."""
    document = IssuedDocument.objects.get(pk=document_id)
    if document.is_ready:
        return document
    header = _load(storage.manifest(document))
    chunks: list[Path] = []
    for index in range(document.chunks_total):
        target = storage.chunk_pdf(document, index)
        if not target.is_file():
            document_render_chunk(document_id=document_id, index=index)
        chunks.append(target)
    name = storage.final_name(document)
    final = storage.media_path(name)
    remove_partial_files(final.parent)
    identity = configured_identity()
    stored = _store_merged(document, header, chunks, final, identity)
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document_id)
        if document.is_ready:
            return document
        document.file.name = name
        document.sha256 = stored.sha256
        document.size = stored.size
        document.pages_total = stored.pages
        document.pages_done = stored.pages
        document.chunks_done = document.chunks_total
        document.signed = identity is not None
        document.status = IssuedDocument.Status.READY
        document.completed_at = timezone.now()
        document.save()
        audit_record(
            actor=None,
            action="document.issued",
            obj=document,
            detail={
                "sha256": document.sha256,
                "pages": stored.pages,
                "signed": document.signed,
                "attachments_skipped": list(stored.skipped_attachments),
            },
        )
    storage.remove_work(document)
    release_memory()
    return document


def document_fail(*, document_id: int, message: str) -> None:
    IssuedDocument.objects.filter(pk=document_id).exclude(
        status=IssuedDocument.Status.READY
    ).update(status=IssuedDocument.Status.FAILED, error=message[:300])
