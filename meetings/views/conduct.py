"""The meeting itself, for the chair, vice-chair or secretary: the chair's screen, item by
item; declarations made at the meeting; the chair's decision on each conflict with the
times people left and returned; the minutes of each item; marking the meeting held.

Every form works as a plain POST and redirect. With JavaScript, htmx submits the forms of
the chair's screen in place (``hx-boost`` on the screen's region): a request carrying
``HX-Request`` that fails validation gets the screen back with the form open and its
errors, so the region is swapped rather than replaced by another page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit_views import logged_view
from core.concurrency import VERSION_FIELD, StaleEdit
from core.digits import is_digits
from interests.models import Member
from meetings.access import can_record, item_minutes_for_user, meeting_for_user
from meetings.forms.conduct import DecisionForm, DeclarationForm, MinutesForm, NoActionForm
from meetings.forms.meetings import add_service_errors
from meetings.models import AgendaItem, Meeting, MeetingDeclaration
from meetings.selectors.approval import approval_gaps
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


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def conduct_url(meeting: Meeting, item_id: int | None = None, anchor: str = "") -> str:
    url = reverse("meeting_conduct", args=[meeting.pk])
    if item_id is not None:
        url += f"?item={item_id}"
    return f"{url}#{anchor}" if anchor else url


def decision_prefix(item_id: int, member_id: int) -> str:
    return f"decision-{item_id}-{member_id}"


def minutes_prefix(item_id: int) -> str:
    return f"minutes-{item_id}"


def _requested_item(request: HttpRequest) -> int | None:
    value = request.GET.get("item", "")
    return int(value) if is_digits(value) else None


def _render_conduct(
    request: HttpRequest,
    meeting: Meeting,
    *,
    current_item: int | None = None,
    stage_error: str = "",
    invalid: tuple[int, int, DecisionForm] | None = None,
    invalid_minutes: tuple[int, MinutesForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    screen = conduct_screen(meeting, request.user, current_item)
    for conduct in screen.items:
        if not conduct.current:
            continue
        for row in conduct.conflicts:
            if invalid and invalid[:2] == (conduct.item.pk, row.member_id):
                row.form, row.expanded = invalid[2], True
            else:
                row.form = DecisionForm(
                    suggested=row.suggested,
                    decision=row.decision,
                    prefix=decision_prefix(conduct.item.pk, row.member_id),
                )
        if not conduct.entry.withheld:
            if invalid_minutes and invalid_minutes[0] == conduct.item.pk:
                conduct.minutes_form = invalid_minutes[1]
            else:
                conduct.minutes_form = MinutesForm(
                    initial={
                        "text": conduct.entry.minutes,
                        VERSION_FIELD: conduct_services.minutes_version(conduct.entry.minutes),
                    },
                    prefix=minutes_prefix(conduct.item.pk),
                )
    approved = meeting.status == Meeting.Status.MINUTES_APPROVED
    return render(
        request,
        "meetings/conduct.html",
        {
            "meeting": meeting,
            "screen": screen,
            "declaration_form": DeclarationForm(
                meeting=meeting, item_headings=screen.headings, prefix="declare"
            ),
            "no_action_form": NoActionForm(),
            "stage_error": stage_error,
            "approved": approved,
            "started": timezone.now() >= meeting.starts_at,
            "gaps": approval_gaps(meeting, request.user)
            if meeting.status == Meeting.Status.HELD
            else [],
            "htmx": _htmx(request),
            "invalid_form": invalid[2]
            if invalid
            else (invalid_minutes[1] if invalid_minutes else None),
        },
        status=status,
    )


@require_GET
@never_cache
@login_required
def meeting_conduct(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _recorded_meeting(request, pk)
    return _render_conduct(request, meeting, current_item=_requested_item(request))


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
            if declaration.item_id is not None:
                return redirect(
                    conduct_url(meeting, declaration.item_id, f"item-{declaration.item_id}")
                )
            return redirect(conduct_url(meeting, anchor="declarations"))
    return render(request, "meetings/declaration_form.html", {"meeting": meeting, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def declaration_settle(request: HttpRequest, pk: int, declaration_pk: int) -> HttpResponse:
    """ "No action needed", with a reason, for a declaration about no one item."""
    meeting = _recorded_meeting(request, pk)
    declaration = (
        MeetingDeclaration.objects.filter(pk=declaration_pk, meeting=meeting, item__isnull=True)
        .select_related("member")
        .first()
    )
    if declaration is None:
        raise Http404("No such declaration")
    form = NoActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            conduct_services.meeting_declaration_settle(
                actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Recorded that no action is needed on {declaration.member.full_name}'s "
                "declaration.",
            )
            return redirect(conduct_url(meeting, anchor=f"declaration-{declaration.pk}"))
    return render(
        request,
        "meetings/declaration_settle.html",
        {"meeting": meeting, "declaration": declaration, "form": form},
    )


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


def _back_to_item(meeting: Meeting, item: AgendaItem, member_id: int | None = None) -> str:
    anchor = f"conflict-{item.pk}-{member_id}" if member_id else f"item-{item.pk}"
    return conduct_url(meeting, item.pk, anchor)


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
            return redirect(_back_to_item(meeting, item, member.pk))
    if request.method == "POST" and _htmx(request):
        return _render_conduct(
            request, meeting, current_item=item.pk, invalid=(item.pk, member.pk, form)
        )
    context: dict[str, Any] = {
        "meeting": meeting,
        "item": item,
        "heading": f"Item {item.number}: {item.title}",
        "row": row,
        "form": form,
    }
    return render(request, "meetings/decision_form.html", context)


@require_POST
@login_required
def conflict_declared(request: HttpRequest, pk: int, item_pk: int, member_pk: int) -> HttpResponse:
    """The person declared, when the item came up, the interest the register already shows."""
    meeting = _recorded_meeting(request, pk)
    item = _visible_item(request, meeting, item_pk)
    row = _conflict(meeting, item, member_pk)
    member = Member.objects.get(pk=row.member_id)
    try:
        conduct_services.conflict_declared_record(actor=request.user, item=item, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Recorded that {member.full_name} declared the interest.")
    return redirect(conduct_url(meeting, item.pk, f"conflict-{item.pk}-{member.pk}"))


@require_POST
@login_required
def suggestions_accept(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Accept the suggested action for every open conflict on the item, in one step."""
    meeting = _recorded_meeting(request, pk)
    item = _visible_item(request, meeting, item_pk)
    try:
        accepted = conduct_services.conflict_suggestions_accept(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back_to_item(meeting, item))
    count = len(accepted.decided)
    if count:
        names = ", ".join(d.member.short_name for d in accepted.decided)
        messages.success(
            request,
            f"The suggested action has been recorded for {count} "
            f"{'person' if count == 1 else 'people'} on item {item.number}: {names}.",
        )
    else:
        messages.info(request, f"Nothing was left to decide on item {item.number}.")
    if accepted.skipped_own:
        messages.warning(
            request,
            "Your own conflict was left open: the vice-chair or the secretary records it.",
        )
    return redirect(_back_to_item(meeting, item))


@require_POST
@login_required
def departure_stamp(request: HttpRequest, pk: int, item_pk: int, member_pk: int) -> HttpResponse:
    """ "Left now" and "returned now": stamp the time as the person goes out or comes back."""
    meeting = _recorded_meeting(request, pk)
    item = _visible_item(request, meeting, item_pk)
    member = member_attending(meeting, member_pk)
    moment = request.POST.get("moment", "")
    try:
        decision = conduct_services.conflict_departure_stamp(
            actor=request.user,
            item=item,
            member=member,
            moment=moment,
            at=timezone.localtime().time(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        when = decision.left_at if moment == "left" else decision.returned_at
        verb = "left the room" if moment == "left" else "returned"
        messages.success(request, f"{member.full_name} {verb} at {when:%H:%M}.")
    return redirect(_back_to_item(meeting, item, member.pk))


@require_http_methods(["GET", "POST"])
@login_required
@logged_view("minutes.item_viewed")
def item_minutes(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _recorded_meeting(request, pk)
    item = item_for_meeting(meeting, item_pk)
    # The minutes are guarded like the papers: a conflicted recorder is refused, and logged.
    minutes = item_minutes_for_user(request.user, item, request)
    form = MinutesForm(
        request.POST or None,
        initial={
            "text": minutes.text,
            VERSION_FIELD: conduct_services.minutes_version(minutes.text),
        },
        prefix=minutes_prefix(item.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            conduct_services.item_minutes_save(
                actor=request.user,
                item=item,
                text=form.cleaned_data["text"],
                version=form.version(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The minutes of item {item.number} have been saved.")
            return redirect(conduct_url(meeting, item.pk, f"item-{item.pk}"))
    if request.method == "POST" and _htmx(request):
        return _render_conduct(
            request, meeting, current_item=item.pk, invalid_minutes=(item.pk, form)
        )
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
    return redirect(conduct_url(meeting))
