"""'May I discuss this with them?' for a restricted agenda item. Every look-up, and every
refusal, is in the audit trail (the item by reference, so its title never enters it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.audit import audit_record
from meetings.access import meeting_for_user
from meetings.selectors.discussion import is_restricted, item_keep_out
from meetings.selectors.screens import item_for_meeting


@require_GET
@login_required
def item_discussion(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    item = item_for_meeting(meeting, item_pk)
    if not is_restricted(item):
        raise Http404("Only restricted items have people who must not be told")
    try:
        rows = item_keep_out(request.user, item)
    except PermissionDenied:
        audit_record(actor=request.user, action="discussion.refused", obj=item, request=request)
        raise
    audit_record(actor=request.user, action="discussion.checked", obj=item, request=request)
    return render(
        request,
        "meetings/discussion.html",
        {
            "subject": f"item {item.number}: {item.title}",
            "back_url": reverse("meeting_detail", args=[meeting.pk]) + f"#item-{item.pk}",
            "rows": rows,
        },
    )
