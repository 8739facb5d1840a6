"""The member's own confirmation, before a meeting, that their register entries are correct."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from meetings.access import meeting_for_user
from meetings.services.entries import entries_confirm


@require_POST
@login_required
def meeting_entries_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    try:
        entries_confirm(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dashboard")
    messages.success(
        request,
        f"Thank you. The secretary can see that you confirmed your register entries are "
        f"correct for {meeting.display_title}. If one changes before the meeting, correct it "
        "under My declarations.",
    )
    return redirect("dashboard")
