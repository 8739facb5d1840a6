"""The governance secretary's committee set-up: details, quorum, members, reserve and referrals.

Committees are not sensitive (their names and members appear in published
minutes), so anyone with ``meetings.view_committee`` may know any committee
exists: a missing one is a 404, a person without the permission gets 403.
Changing anything needs ``meetings.manage_committees``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.concurrency import StaleEdit
from meetings.forms.committees import (
    DUPLICATE_NAME,
    CommitteeForm,
    MembershipEndForm,
    MembershipForm,
    QuorumForm,
    ReferralsForm,
    ReserveForm,
)
from meetings.models import Committee, CommitteeMembership
from meetings.selectors import committees as selectors
from meetings.services import committees as services
from meetings.services.committee_quorum import committee_quorum_set, quorum_version
from meetings.services.committee_referrals import committee_referrals_set

VIEW = "meetings.view_committee"
MANAGE = "meetings.manage_committees"


def _form_error(form: Form, error: ValidationError) -> None:
    """Put a service's validation error on the form, next to the right field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for field_error in errors:
                if field == "name" and field_error.code == "unique":
                    # Another request took the name after the form checked it.
                    field_error = ValidationError(
                        DUPLICATE_NAME.format(name=form.cleaned_data.get("name", ""))
                    )
                form.add_error(target, field_error)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def committee_list(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/committees/list.html", {"rows": selectors.committee_list()})


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee.objects.prefetch_related("role_requirements"), pk=pk)
    return render(
        request,
        "meetings/committees/detail.html",
        {"detail": selectors.committee_detail(committee, request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_create(request: HttpRequest) -> HttpResponse:
    form = CommitteeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_save(actor=request.user, **form.details())
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{committee.name} added. Now set its quorum and members.")
            return redirect("committee_detail", pk=committee.pk)
    return render(request, "meetings/committees/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    form = CommitteeForm(request.POST if request.method == "POST" else None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_save(
                actor=request.user,
                committee=committee,
                version=form.version(),
                **form.details(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            committee.refresh_from_db()
            _form_error(form, error)
        else:
            messages.success(request, "Changes saved.")
            return redirect("committee_detail", pk=committee.pk)
    return render(request, "meetings/committees/form.html", {"form": form, "committee": committee})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_quorum(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee.objects.prefetch_related("role_requirements"), pk=pk)
    form = QuorumForm(
        request.POST if request.method == "POST" else None,
        minimums=selectors.role_minimums(committee),
        version=quorum_version(committee),
    )
    if request.method == "POST" and form.is_valid():
        try:
            committee_quorum_set(
                actor=request.user,
                committee=committee,
                minimums=form.minimums(),
                version=form.version(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            _form_error(form, error)
        else:
            committee = Committee.objects.prefetch_related("role_requirements").get(pk=pk)
            messages.success(
                request, f"Quorum saved: {selectors.committee_quorum_text(committee)}."
            )
            return redirect("committee_detail", pk=committee.pk)
    return render(
        request,
        "meetings/committees/quorum.html",
        {
            "form": form,
            "committee": committee,
            "quorum": selectors.committee_quorum_text(committee),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    form = MembershipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                actor=request.user, committee=committee, **form.cleaned_data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                f"{membership.member.full_name} added as {membership.get_role_display().lower()}.",
            )
            return redirect("committee_detail", pk=committee.pk)
    return render(
        request, "meetings/committees/member_add.html", {"form": form, "committee": committee}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_member_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_object_or_404(
        CommitteeMembership.objects.select_related("committee", "member"),
        pk=membership_pk,
        committee_id=pk,
    )
    form = MembershipEndForm(
        request.POST if request.method == "POST" else None, membership=membership
    )
    # An ended membership is history: its end date is not rewritten here.
    if request.method == "POST" and membership.end_date is None and form.is_valid():
        try:
            services.membership_end(
                actor=request.user, membership=membership, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as error:
            membership.refresh_from_db()
            _form_error(form, error)
        else:
            messages.success(
                request,
                f"{membership.member.full_name}'s membership ended on "
                f"{membership.end_date:%-d %B %Y}.",
            )
            return redirect("committee_detail", pk=pk)
    return render(
        request,
        "meetings/committees/member_end.html",
        {"form": form, "membership": membership, "committee": membership.committee},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_reserve_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    form = ReserveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            place = services.reserve_add(
                actor=request.user, committee=committee, **form.cleaned_data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{place.member.full_name} added to the reserve list.")
            return redirect("committee_detail", pk=committee.pk)
    return render(
        request, "meetings/committees/reserve_add.html", {"form": form, "committee": committee}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    form = ReferralsForm(request.POST if request.method == "POST" else None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            committee_referrals_set(
                actor=request.user,
                committee=committee,
                referral_committees=form.cleaned_data["referral_committees"],
                version=form.version(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Referral committees saved.")
            return redirect("committee_detail", pk=committee.pk)
    return render(
        request,
        "meetings/committees/referrals.html",
        {
            "form": form,
            "committee": committee,
            "has_choices": form.fields["referral_committees"].queryset.exists(),  # type: ignore[attr-defined]
        },
    )
