"""Approving the minutes, after seeing what will become public, and correcting them
afterwards by a dated erratum (approved minutes are never edited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from meetings.access import can_record, meeting_for_user
from meetings.forms.conduct import ApprovalForm, ErratumForm
from meetings.forms.meetings import add_service_errors
from meetings.models import Meeting
from meetings.selectors.approval import approval_gaps
from meetings.selectors.documents import part_one_minutes, readable_minutes
from meetings.selectors.screens import public_items
from meetings.services import meetings as meeting_services
from meetings.services.errata import minutes_erratum_record


def _recorded_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = meeting_for_user(request.user, pk)
    if not can_record(request.user, meeting):
        raise PermissionDenied("Only the chair, the vice-chair or the secretary records a meeting.")
    return meeting


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def approve_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """What approval publishes, the gaps that still stop it, and the confirmation."""
    meeting = _recorded_meeting(request, pk)
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting_services.meeting_approve_minutes(actor=request.user, meeting=meeting)
            except ValidationError:
                meeting.refresh_from_db()
                # The gaps are listed below, worded for this reader.
                form.add_error(None, "The minutes cannot be approved yet: settle the gaps below.")
                status = 400
            else:
                messages.success(
                    request,
                    "The minutes have been approved. The Part I minutes are now public; "
                    "any later correction is added as a dated erratum.",
                )
                return redirect("meeting_conduct", pk=meeting.pk)
        else:
            status = 400
    document = part_one_minutes(meeting)
    return render(
        request,
        "meetings/approve_minutes.html",
        {
            "meeting": meeting,
            "form": form,
            "gaps": approval_gaps(meeting, request.user),
            "document": document,
            "items": public_items(document),
            "part_two_items": sum(1 for e in document.items if e.item.is_confidential),
            "public_url": request.build_absolute_uri(reverse("public_minutes", args=[meeting.pk])),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def erratum_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _recorded_meeting(request, pk)
    if meeting.status != Meeting.Status.MINUTES_APPROVED:
        messages.info(request, "Until the minutes are approved, change them directly.")
        return redirect("meeting_conduct", pk=meeting.pk)
    visible = {
        e.item.pk: e.heading
        for e in readable_minutes(meeting, request.user, part=None).items
        if not e.withheld
    }
    form = ErratumForm(
        request.POST if request.method == "POST" else None, meeting=meeting, item_headings=visible
    )
    if request.method == "POST" and form.is_valid():
        try:
            minutes_erratum_record(
                actor=request.user,
                meeting=meeting,
                item=form.cleaned_data["item"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "The correction has been added. It is shown, dated, with the minutes."
            )
            return redirect("meeting_conduct", pk=meeting.pk)
    return render(request, "meetings/erratum_form.html", {"meeting": meeting, "form": form})
