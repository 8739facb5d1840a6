"""The secretary's screens before the meeting: meetings, the agenda, papers, attendance,
quorum remedies and the recusal matrix. Members see the agenda as their pack allows."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit import audit_record
from core.audit_views import logged_view
from core.concurrency import StaleEdit
from core.digits import is_digits
from meetings.access import (
    can_manage,
    can_record,
    meeting_for_user,
    paper_for_user,
    refuse_if_withheld,
    sees_all_meetings,
)
from meetings.forms.meetings import (
    AttendeeForm,
    ItemForm,
    MeetingCreateForm,
    PaperForm,
    RemedyForm,
    add_service_errors,
)
from meetings.models import Meeting
from meetings.selectors.documents import WITHHELD_NOTICE
from meetings.selectors.item_forecast import draft_item_forecast
from meetings.selectors.screens import (
    agenda_screen,
    attendance_for_meeting,
    co_opt_candidates,
    departures_sentence,
    item_for_meeting,
    meeting_listing,
    parts_first_order,
    proposed_order,
    reserve_members,
)
from meetings.selectors.screens import (
    recusal_matrix as build_matrix,
)
from meetings.selectors.screens.scope_changes import scope_changes
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import papers as paper_services


def _managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the user may see (else 404) and manage (else 403)."""
    meeting = meeting_for_user(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied("Only the governance team builds agendas.")
    return meeting


def _managed_item(request: HttpRequest, meeting: Meeting, item_pk: int) -> Any:
    """An item of a managed meeting that the manager's own conflicts do not withhold (else 403)."""
    item = item_for_meeting(meeting, item_pk)
    refuse_if_withheld(request.user, item, request)
    return item


def _detail_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meeting_detail", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    listing = meeting_listing(
        request.user, upcoming_page=request.GET.get("upcoming"), past_page=request.GET.get("past")
    )
    return render(
        request,
        "meetings/list.html",
        {
            "listing": listing,
            # Each list's page links keep the other list where it is.
            "listing_query": {
                "upcoming": urlencode({"past": listing.past.number}),
                "past": urlencode({"upcoming": listing.upcoming.number}),
            },
            "manage": can_manage(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied("Only the governance team creates meetings.")
    form = MeetingCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.meeting_create(
                actor=request.user,
                committee=form.cleaned_data["committee"],
                starts_at=form.starts_at(),
                location=form.cleaned_data["location"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "The meeting has been created with its committee's members invited. "
                "Add the agenda items next.",
            )
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "meetings/create.html", {"form": form})


def _render_detail(
    request: HttpRequest, meeting: Meeting, *, stage_error: str = "", status: int = 200
) -> HttpResponse:
    screen = agenda_screen(meeting, request.user)
    context: dict[str, Any] = {
        "meeting": meeting,
        "screen": screen,
        "stage_error": stage_error,
        "order_sentence": departures_sentence(screen.order) if screen.order else "",
        "withheld_notice": WITHHELD_NOTICE,
        "scope_changes": scope_changes(meeting, request.user),
    }
    if screen.editable and screen.before_meeting:
        context["attendee_form"] = AttendeeForm(meeting=meeting)
    return render(request, "meetings/detail.html", context, status=status)


@require_GET
@login_required
@logged_view("meeting.viewed")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, meeting_for_user(request.user, pk))


@require_POST
@login_required
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    try:
        meeting_services.meeting_publish_agenda(actor=request.user, meeting=meeting)
    except ValidationError as error:
        meeting.refresh_from_db()
        return _render_detail(request, meeting, stage_error=" ".join(error.messages), status=400)
    messages.success(
        request,
        "The agenda has been published. Members and attendees can now open their agenda packs "
        "here and see the meeting on their dashboards; no email has been sent, so tell them "
        "the papers are ready.",
    )
    return redirect("meeting_detail", pk=meeting.pk)


def _item_form_page(
    request: HttpRequest,
    meeting: Meeting,
    form: ItemForm,
    item: Any = None,
    item_forecast: Any = None,
) -> HttpResponse:
    return render(
        request,
        "meetings/item_form.html",
        {"meeting": meeting, "form": form, "item": item, "item_forecast": item_forecast},
    )


# The picker's buttons: the search box's "Add organisation", a suggestion's "Add", "Remove".
PICKING = frozenset({"add_organisation", "add_organisation_id", "remove_organisation"})


def _save_item(request: HttpRequest, meeting: Meeting, item: Any = None) -> HttpResponse:
    if request.method == "POST" and PICKING.intersection(request.POST):
        # Adding or removing an organisation re-shows the form as typed; it saves nothing
        # and checks nothing yet.
        return _item_form_page(
            request, meeting, ItemForm.for_picking(request.POST, item=item), item
        )
    form = ItemForm(request.POST or None, item=item)
    if request.method != "POST" or not form.is_valid():
        return _item_form_page(request, meeting, form, item)
    data = form.cleaned_data
    if "forecast" in request.POST:
        # "Check who would leave": the engine's answer for the item as typed; nothing saved.
        forecast = draft_item_forecast(meeting, item, data)
        return _item_form_page(request, meeting, form, item, forecast)
    try:
        saved = agenda_services.item_save(
            actor=request.user,
            meeting=meeting,
            title=data["title"],
            purpose=data["purpose"],
            part=data["part"],
            presenter=data["presenter"],
            affected_organisations=data["affected_organisations"],
            lot_id=data.get("lot"),
            title_is_confidential=data["title_is_confidential"],
            item=item,
            version=form.version(),
        )
    except StaleEdit as error:
        form.show_conflict(error)
        return _item_form_page(request, meeting, form, item)
    except ValidationError as error:
        add_service_errors(form, error)
        return _item_form_page(request, meeting, form, item)
    messages.success(request, f"Item {saved.number} has been saved. Conflicts have been rechecked.")
    return redirect(_detail_url(meeting, f"item-{saved.pk}"))


@require_http_methods(["GET", "POST"])
@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_item(request, _managed_meeting(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    return _save_item(request, meeting, _managed_item(request, meeting, item_pk))


@require_POST
@login_required
def item_move_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    item = item_for_meeting(meeting, item_pk)
    directions = {"up": -1, "down": 1}
    direction = directions.get(request.POST.get("direction", ""))
    if direction is None:
        return HttpResponseBadRequest("Choose up or down")
    try:
        agenda_services.item_move(actor=request.user, item=item, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_detail_url(meeting, f"item-{item.pk}"))


@require_POST
@login_required
def agenda_reorder_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply the engine's proposed order, or put Part I before Part II. Worked out here,
    from the current agenda, never from ids sent by the browser."""
    meeting = _managed_meeting(request, pk)
    which = request.POST.get("order")
    if which == "proposed":
        order = list(proposed_order(meeting))
    elif which == "parts":
        order = parts_first_order(meeting)
    else:
        return HttpResponseBadRequest("Choose which order to apply")
    try:
        agenda_services.agenda_reorder(actor=request.user, meeting=meeting, ordered_ids=order)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The agenda has been renumbered in the new order.")
    return redirect(_detail_url(meeting, "agenda"))


@require_http_methods(["GET", "POST"])
@login_required
def item_remedy(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    item = _managed_item(request, meeting, item_pk)
    form = RemedyForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.item_remedy_record(
                actor=request.user,
                item=item,
                remedy=form.cleaned_data["remedy"],
                note=form.cleaned_data["remedy_note"],
                referred_to=form.cleaned_data["referred_to"],
                version=form.version(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The remedy for item {item.number} has been recorded.")
            return redirect(_detail_url(meeting, "quorum"))
    return render(
        request, "meetings/remedy_form.html", {"meeting": meeting, "item": item, "form": form}
    )


@require_POST
@login_required
def item_co_opt(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Co-opt the reserve people the engine named for an inquorate item."""
    meeting = _managed_meeting(request, pk)
    item = _managed_item(request, meeting, item_pk)
    wanted = {int(v) for v in request.POST.getlist("person") if is_digits(v)}
    named = set(co_opt_candidates(meeting, item))
    if not wanted or not wanted <= named:
        messages.error(
            request,
            "The people suggested for co-option have changed. Check the quorum warning again.",
        )
        return redirect(_detail_url(meeting, "quorum"))
    people = reserve_members(meeting, sorted(wanted))
    try:
        agenda_services.attendees_co_opt(actor=request.user, meeting=meeting, members=people)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        names = ", ".join(m.full_name for m in people)
        messages.success(request, f"Co-opted {names}. Quorum has been rechecked.")
    return redirect(_detail_url(meeting, "quorum"))


@require_http_methods(["GET", "POST"])
@login_required
def paper_upload_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    item = _managed_item(request, meeting, item_pk)
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = paper_services.paper_upload(
                actor=request.user,
                item=item,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{paper.title}” has been added to item {item.number}. Only people who may "
                "receive the item's papers can download it.",
            )
            return redirect(_detail_url(meeting, f"item-{item.pk}"))
    return render(
        request, "meetings/paper_form.html", {"meeting": meeting, "item": item, "form": form}
    )


@require_POST
@login_required
def paper_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied("Only the governance team withdraws papers.")
    paper = paper_for_user(request.user, pk, request)
    if paper.withdrawn_at is None:
        paper_services.paper_withdraw(actor=request.user, paper=paper)
        messages.success(
            request, f"“{paper.title}” has been withdrawn from the pack. Its record is kept."
        )
    return redirect(_detail_url(paper.item.meeting, f"item-{paper.item_id}"))


@require_http_methods(["GET", "POST"])
@login_required
def attendee_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = AttendeeForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            attendance = agenda_services.attendee_add(
                actor=request.user,
                meeting=meeting,
                member=form.cleaned_data["member"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{attendance.member.full_name} has been added "
                f"({attendance.get_kind_display().lower()}). Conflicts have been rechecked.",
            )
            return redirect(_detail_url(meeting, "attendance"))
    return render(request, "meetings/attendee_form.html", {"meeting": meeting, "form": form})


@require_POST
@login_required
def attendee_apologies_view(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    attendance = attendance_for_meeting(meeting, attendance_pk)
    apologies = request.POST.get("apologies") == "yes"
    agenda_services.attendee_apologies(
        actor=request.user, attendance=attendance, apologies=apologies
    )
    name = attendance.member.full_name
    messages.success(
        request,
        f"Apologies recorded for {name}." if apologies else f"{name}'s apologies withdrawn.",
    )
    return redirect(_detail_url(meeting, "attendance"))


@require_POST
@login_required
def attendee_remove_view(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    attendance = attendance_for_meeting(meeting, attendance_pk)
    name = attendance.member.full_name
    try:
        agenda_services.attendee_remove(actor=request.user, attendance=attendance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{name} has been taken off the attendance list.")
    return redirect(_detail_url(meeting, "attendance"))


@require_GET
@login_required
def recusal_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    if not (sees_all_meetings(request.user) or can_record(request.user, meeting)):
        raise PermissionDenied("The recusal matrix is for the governance team and the chair.")
    audit_record(actor=request.user, action="meeting.matrix_viewed", obj=meeting, request=request)
    return render(request, "meetings/matrix.html", {"matrix": build_matrix(meeting, request.user)})
