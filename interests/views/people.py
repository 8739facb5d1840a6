"""The people screens: the list, a person's record, adding and changing people, leavers.

Anyone who may read people (the secretary, chairs, the Conflicts Guardian and
auditors) may know any person on the register exists: a missing one is a
404, someone without the permission gets 403. Only the secretary changes
people; the services refuse anything the permission alone does not cover
(privileged roles, the secretary's own access).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.concurrency import StaleEdit
from interests.forms.people import LeaverForm, PeopleSearchForm, PersonForm
from interests.hooks import Page
from interests.selectors import people as selectors
from interests.selectors.people import PersonDetail
from interests.selectors.training import training_due_for, training_records_of
from interests.services import invitations, leavers
from interests.services import people as services
from interests.views.organisations import _form_error, _query_string_without_page


def _detail_or_404(pk: int, page: Page = "detail") -> PersonDetail:
    detail = selectors.person_detail(pk, page)
    if detail is None:
        raise Http404
    return detail


@require_GET
@login_required
@permission_required("interests.view_member", raise_exception=True)
def people_list(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None)
    filters = form.filters()
    page, rows = selectors.people_page(**filters, page=request.GET.get("page"))
    return render(
        request,
        "interests/people/list.html",
        {
            "search_form": form,
            "page": page,
            "rows": rows,
            "query_string": _query_string_without_page(request),
            "filtered": any(value not in ("", None) for value in filters.values()),
        },
    )


@require_GET
@login_required
@permission_required("interests.view_member", raise_exception=True)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = _detail_or_404(pk)
    context: dict[str, object] = {"detail": detail, "training_records": None}
    if request.user.has_perm("interests.view_trainingrecord"):
        context.update(
            training_records=training_records_of(detail.member),
            training_due=training_due_for(detail.member),
            can_record=request.user.has_perm("interests.record_training"),
        )
    return render(request, "interests/people/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.add_member", raise_exception=True)
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST if request.method == "POST" else None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(
                actor=request.user,
                person=form.person_data(),
                login=form.login_data(),
                request=request,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            invited = (
                f" An invitation to sign in has been sent to {member.email}."
                if (member.user_id)
                else ""
            )
            messages.success(request, f"{member.full_name} added.{invited}")
            return redirect("person_detail", pk=member.pk)
    return render(request, "interests/people/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.change_member", raise_exception=True)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _detail_or_404(pk).member
    had_login = member.user_id is not None
    form = PersonForm(
        request.POST if request.method == "POST" else None, actor=request.user, member=member
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_update(
                actor=request.user,
                member=member,
                person=form.person_data(),
                login=form.login_data(),
                request=request,
                version=form.version(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            _form_error(form, error)
        else:
            invited = (
                f" An invitation to sign in has been sent to {member.email}."
                if member.user_id and not had_login
                else ""
            )
            messages.success(request, f"Changes to {member.full_name} saved.{invited}")
            return redirect("person_detail", pk=member.pk)
    return render(request, "interests/people/form.html", {"form": form, "member": member})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.change_member", raise_exception=True)
def person_leave(request: HttpRequest, pk: int) -> HttpResponse:
    detail = _detail_or_404(pk, "leave")
    form = LeaverForm(
        request.POST if request.method == "POST" else None,
        initial={"left_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            departure = leavers.member_leave(
                actor=request.user,
                member=detail.member,
                left_on=form.cleaned_data["left_on"],
                request=request,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            ended = departure.places_ended
            places = f" Their places ended: {'; '.join(map(str, ended))}." if ended else ""
            messages.success(
                request,
                f"Recorded that {departure.member.full_name} has left. They can no longer "
                f"sign in.{places}",
            )
            return redirect("person_detail", pk=pk)
    return render(request, "interests/people/leave.html", {"form": form, "detail": detail})


@require_POST
@login_required
@permission_required("interests.change_member", raise_exception=True)
def person_invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    member = _detail_or_404(pk).member
    try:
        invitations.member_invitation_resend(actor=request.user, member=member, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"A new invitation has been sent to {member.email}. Earlier links no longer work.",
        )
    return redirect("person_detail", pk=pk)
