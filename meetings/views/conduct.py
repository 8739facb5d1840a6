"""The meeting itself, for the chair, vice-chair or secretary: declarations made at the
meeting, the chair's decision on each conflict with the times people left and returned,
the minutes of each item, and the moves to "held" and "minutes approved"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit_views import logged_view
from meetings.access import can_record, item_minutes_for_user, meeting_for_user
from meetings.forms.conduct import DecisionForm, DeclarationForm, MinutesForm
from meetings.forms.meetings import add_service_errors
from meetings.models import AgendaItem, Meeting
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.selectors.screens import (
    ConflictRow,
    conduct_screen,
    conflict_rows,
    item_for_meeting,
    item_withheld_from,
    member_attending,
)
from meetings.services import conduct as conduct_services
from meetings.services import meetings as meeting_services


def _recorded_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the user may see (else 404) and record (else 403)."""
    meeting = meeting_for_user(request.user, pk)
    if not can_record(request.user, meeting):
        raise PermissionDenied("Only the chair, the vice-chair or the secretary records a meeting.")
    return meeting


def _conduct_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meeting_conduct", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def decision_prefix(item_id: int, member_id: int) -> str:
    return f"decision-{item_id}-{member_id}"


def minutes_prefix(item_id: int) -> str:
    return f"minutes-{item_id}"


def _render_conduct(
    request: HttpRequest, meeting: Meeting, *, stage_error: str = "", status: int = 200
) -> HttpResponse:
    screen = conduct_screen(meeting, request.user)
    for conduct in screen.items:
        for row in conduct.conflicts:
            row.form = DecisionForm(
                suggested=row.suggested,
                decision=row.decision,
                prefix=decision_prefix(conduct.entry.item.pk, row.member_id),
            )
        if not conduct.entry.withheld:
            conduct.minutes_form = MinutesForm(
                initial={"text": conduct.entry.minutes},
                prefix=minutes_prefix(conduct.entry.item.pk),
            )
    declaration_form = DeclarationForm(
        meeting=meeting, item_headings=screen.headings, prefix="declare"
    )
    return render(
        request,
        "meetings/conduct.html",
        {
            "meeting": meeting,
            "screen": screen,
            "declaration_form": declaration_form,
            "stage_error": stage_error,
            "approved": meeting.status == Meeting.Status.MINUTES_APPROVED,
        },
        status=status,
    )


@require_GET
@never_cache
@login_required
def meeting_conduct(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_conduct(request, _recorded_meeting(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def meeting_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _recorded_meeting(request, pk)
    screen = conduct_screen(meeting, request.user)
    form = DeclarationForm(
        request.POST or None, meeting=meeting, item_headings=screen.headings, prefix="declare"
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = conduct_services.meeting_declaration_record(
                actor=request.user,
                meeting=meeting,
                member=data["member"],
                description=data["description"],
                category=data["category"],
                nature=data["nature"],
                organisation=data["organisation"],
                organisation_name=data["organisation_name"],
                item=data["item"],
                indirect_type=data["indirect_type"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            name = declaration.member.full_name
            if declaration.interest is not None and declaration.interest.is_draft:
                messages.success(
                    request,
                    f"The declaration has been recorded. It was not on the register, so a draft "
                    f"register entry has been created for {name} to complete.",
                )
            else:
                messages.success(
                    request,
                    f"The declaration has been recorded against {name}'s register entry.",
                )
            return redirect(_conduct_url(meeting, "declarations"))
    return render(request, "meetings/declaration_form.html", {"meeting": meeting, "form": form})


def _visible_item(request: HttpRequest, meeting: Meeting, item_pk: int) -> AgendaItem:
    """An item the recorder is not excluded from: a conflicted chair hands it over."""
    item = item_for_meeting(meeting, item_pk)
    if item_withheld_from(meeting, request.user, item):
        raise PermissionDenied("You have declared an interest in this item.")
    return item


def _conflict(meeting: Meeting, item: AgendaItem, member_id: int) -> ConflictRow:
    rows = conflict_rows(meeting, meeting_assessment(meeting)).get(item.pk, [])
    row = next((r for r in rows if r.member_id == member_id), None)
    if row is None:
        raise Http404("No conflict to decide")
    return row


@require_http_methods(["GET", "POST"])
@login_required
@logged_view("meeting.conflict_viewed")
def conflict_decision(request: HttpRequest, pk: int, item_pk: int, member_pk: int) -> HttpResponse:
    meeting = _recorded_meeting(request, pk)
    item = _visible_item(request, meeting, item_pk)
    member = member_attending(meeting, member_pk)
    row = _conflict(meeting, item, member.pk)
    form = DecisionForm(
        request.POST or None,
        suggested=row.suggested,
        decision=row.decision,
        prefix=decision_prefix(item.pk, member.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conduct_services.conflict_decision_record(
                actor=request.user,
                item=item,
                member=member,
                action=data["action"],
                reason=data["reason"],
                left_at=data["left_at"],
                returned_at=data["returned_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The decision on {member.full_name}'s conflict on item {item.number} "
                "has been recorded.",
            )
            return redirect(_conduct_url(meeting, f"item-{item.pk}"))
    context: dict[str, Any] = {
        "meeting": meeting,
        "item": item,
        "heading": f"Item {item.number}: {item.title}",
        "row": row,
        "form": form,
    }
    return render(request, "meetings/decision_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@logged_view("minutes.item_viewed")
def item_minutes(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _recorded_meeting(request, pk)
    item = item_for_meeting(meeting, item_pk)
    # The minutes are guarded like the papers: a conflicted recorder is refused, and logged.
    minutes = item_minutes_for_user(request.user, item, request)
    form = MinutesForm(
        request.POST or None, initial={"text": minutes.text}, prefix=minutes_prefix(item.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            conduct_services.item_minutes_save(
                actor=request.user, item=item, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The minutes of item {item.number} have been saved.")
            return redirect(_conduct_url(meeting, f"item-{item.pk}"))
    return render(
        request, "meetings/minutes_form.html", {"meeting": meeting, "item": item, "form": form}
    )


@require_POST
@login_required
def meeting_mark_held_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _recorded_meeting(request, pk)
    try:
        meeting_services.meeting_mark_held(actor=request.user, meeting=meeting)
    except ValidationError as error:
        meeting.refresh_from_db()
        return _render_conduct(request, meeting, stage_error=" ".join(error.messages), status=400)
    messages.success(request, "The meeting has been marked as held.")
    return redirect(_conduct_url(meeting))


@require_POST
@login_required
def meeting_approve_minutes_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _recorded_meeting(request, pk)
    try:
        meeting_services.meeting_approve_minutes(actor=request.user, meeting=meeting)
    except ValidationError as error:
        meeting.refresh_from_db()
        return _render_conduct(request, meeting, stage_error=" ".join(error.messages), status=400)
    messages.success(request, "The minutes have been approved. The Part I minutes are now public.")
    return redirect(_conduct_url(meeting))
