"""The pages every import shows while its job runs: "Checking the file…" and "Importing…".

Each refreshes itself (htmx every 3 s, or a meta refresh without JavaScript) by asking its
own address again; once the job is done that address answers with what comes next (the
preview, the result), so htmx is told to load the whole page (``HX-Refresh``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from interests.models import ImportBatch
from interests.services import import_jobs as jobs


def import_job_page(
    request: HttpRequest,
    batch: ImportBatch,
    slot: str,
    *,
    caption: str,
    reasons: list[str] | None = None,
) -> HttpResponse | None:
    """The page while the batch's job in ``slot`` is unfinished (queued again first if it
    waited for the broker); ``None`` once it has finished, for the caller's own page.
    ``reasons``: why an import just tried was refused, shown above the check that follows."""
    batch = jobs.import_job_requeue_if_waiting(batch, slot)
    job = jobs.import_job(batch, slot)
    if not job.unfinished:
        return import_job_over(request)
    return render(
        request,
        "interests/register_import/importing.html",
        {
            "batch": batch,
            "job": job,
            "checking": slot == jobs.CHECK,
            "caption": caption,
            "reasons": reasons or [],
        },
    )


def import_job_over(request: HttpRequest) -> HttpResponse | None:
    """The waiting page's own refresh (htmx) once the job is over: load the whole page, which
    is now what comes next. ``None`` for an ordinary request."""
    if request.headers.get("HX-Request") != "true":
        return None
    over = HttpResponse(status=204)
    over["HX-Refresh"] = "true"
    return over
