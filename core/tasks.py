"""Background jobs of the kernel: rendering documents.

Each task takes an id, fetches, and calls a service; each is idempotent and acknowledged
only when done (``acks_late``), so a job whose worker dies is delivered again and
finishes. A document in several chunks is a chord: the chunks render in parallel on as
many workers as there are, then one task merges them.
"""

from __future__ import annotations

from celery import chord, shared_task

from core.documents import services


def _failing(document_id: int, error: Exception) -> None:
    services.document_fail(
        document_id=document_id,
        message=f"The document could not be prepared ({type(error).__name__}).",
    )


@shared_task(name="documents.render_chunk", acks_late=True)
def render_chunk(document_id: int, index: int) -> int:
    try:
        return services.document_render_chunk(document_id=document_id, index=index)
    except Exception as error:
        _failing(document_id, error)
        raise


@shared_task(name="documents.finish", acks_late=True)
def finish_document(document_id: int) -> str:
    try:
        return services.document_finish(document_id=document_id).reference
    except Exception as error:
        _failing(document_id, error)
        raise


@shared_task(name="documents.render", acks_late=True)
def render_document(document_id: int) -> str | None:
    document = services.document_start(document_id=document_id)
    if document is None:
        return None
    if document.chunks_total == 1:
        render_chunk(document_id, 0)
        return finish_document(document_id)
    chord(render_chunk.si(document_id, index) for index in range(document.chunks_total))(
        finish_document.si(document_id)
    )
    return document.reference


def queue_document(document_id: int) -> None:
    render_document.delay(document_id)


services.set_enqueue(queue_document)
