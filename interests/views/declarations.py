"""A member's own declarations: declare, submit, correct, end; nil returns; annual answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.audit_views import logged_view
from core.concurrency import StaleEdit
from core.documents.views import request_document
from core.idempotency import AlreadySubmitted, spent_once
from interests import documents
from interests.access import interest_for_user, member_for_user, own_interest_for_user
from interests.forms.declarations import (
    ConfirmationsForm,
    CorrectionForm,
    EndInterestForm,
    InterestForm,
    SubmissionForm,
    WithholdingRequestForm,
)
from interests.models import DeclarationCampaign, Interest, Organisation
from interests.selectors.register import my_declarations
from interests.selectors.training import training_due_for, training_records_of
from interests.services import campaigns as campaign_services
from interests.services import declarations as services


def _form_error(form: object, error: ValidationError) -> None:
    """Put a service's validation error on the form, next to the right field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None  # type: ignore[attr-defined]
            for e in errors:
                form.add_error(target, e)  # type: ignore[attr-defined]
    else:
        for message in error.messages:
            form.add_error(None, message)  # type: ignore[attr-defined]


def _publication(form: SubmissionForm) -> services.Publication:
    return services.Publication(
        consent=form.cleaned_data.get("publish", "yes") != "no",
        reason=form.cleaned_data.get("withholding_reason") or "",
    )


@require_GET
@login_required
def my_declarations_view(request: HttpRequest) -> HttpResponse:
    member = member_for_user(request.user)
    return render(
        request,
        "interests/declarations/mine.html",
        {
            "member": member,
            "mine": my_declarations(member),
            "training_records": training_records_of(member),
            "training_due": training_due_for(member),
        },
    )


@require_GET
@login_required
def my_declarations_pdf(request: HttpRequest) -> HttpResponse:
    member_for_user(request.user)
    return request_document(request, documents.MY_DECLARATIONS, {})


@require_http_methods(["GET", "POST"])
@login_required
def interest_new(request: HttpRequest) -> HttpResponse:
    member = member_for_user(request.user)
    submitting = request.POST.get("action") != "draft"
    form = InterestForm(request.POST or None)
    submission = SubmissionForm(request.POST or None, prefix="s", require_confirmations=submitting)
    if request.method == "POST" and form.is_valid() and submission.is_valid():
        try:
            with spent_once(form.once(), user=request.user):
                interest = _interest_new_save(request, member, form, submission, submitting)
            return redirect("interest_detail", pk=interest.pk)
        except AlreadySubmitted:
            messages.info(request, ALREADY_SENT)
            return redirect("my_declarations")
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request,
        "interests/declarations/interest_form.html",
        {"form": form, "submission": submission, "creating": True},
    )


ALREADY_SENT = (
    "That form had already been sent, so it was saved once, not twice. Check your "
    "declarations below."
)


def _interest_new_save(
    request: HttpRequest,
    member: Any,
    form: InterestForm,
    submission: SubmissionForm,
    submitting: bool,
) -> Interest:
    if submitting:
        interest = services.interest_declare(
            member=member,
            fields=form.interest_fields(),
            actor=request.user,
            confirmed_complete=submission.cleaned_data["confirmed_complete"],
            acknowledged_duty=submission.cleaned_data["acknowledged_duty"],
            publication=_publication(submission),
        )
        messages.success(request, "Your declaration has been added to the register.")
    else:
        interest = services.interest_draft_save(
            member=member, fields=form.interest_fields(), actor=request.user
        )
        messages.success(
            request,
            "Your draft has been saved. It is not on the register until you submit it.",
        )
    return interest


@require_GET
@login_required
@logged_view("interest.viewed")
def interest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interest = interest_for_user(request.user, pk)
    member = getattr(request.user, "member", None)
    is_own = member is not None and member.pk == interest.declarant_id
    return render(
        request,
        "interests/declarations/interest_detail.html",
        {"interest": interest, "is_own": is_own},
    )


@require_GET
@login_required
@logged_view("interest.history_viewed")
def interest_history(request: HttpRequest, pk: int) -> HttpResponse:
    interest = interest_for_user(request.user, pk)
    versions = interest.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    member = getattr(request.user, "member", None)
    if member is None or member.pk != interest.declarant_id:
        # The versions before submission were the declarant's own drafts.
        versions = versions.exclude(status=Interest.Status.DRAFT)
    return render(
        request,
        "interests/declarations/interest_history.html",
        {"interest": interest, "versions": versions},
    )


@require_http_methods(["GET", "POST"])
@login_required
def interest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft (and optionally submit it), or correct a submitted entry."""
    interest = own_interest_for_user(request.user, pk)
    member = member_for_user(request.user)
    if not interest.is_draft:
        return _interest_correct(request, interest)
    submitting = request.POST.get("action") == "submit"
    form = InterestForm(request.POST or None, instance=interest)
    submission = SubmissionForm(request.POST or None, prefix="s", require_confirmations=submitting)
    if request.method == "POST" and form.is_valid() and submission.is_valid():
        try:
            services.interest_draft_save(
                member=member,
                fields=form.interest_fields(),
                actor=request.user,
                interest=interest,
                version=form.version(),
            )
            if submitting:
                services.interest_submit(
                    interest=interest,
                    member=member,
                    actor=request.user,
                    confirmed_complete=submission.cleaned_data["confirmed_complete"],
                    acknowledged_duty=submission.cleaned_data["acknowledged_duty"],
                    publication=_publication(submission),
                )
                messages.success(request, "Your declaration has been added to the register.")
            else:
                messages.success(request, "Your draft has been saved.")
            return redirect("interest_detail", pk=interest.pk)
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request,
        "interests/declarations/interest_form.html",
        {"form": form, "submission": submission, "interest": interest},
    )


def _interest_correct(request: HttpRequest, interest: Interest) -> HttpResponse:
    member = member_for_user(request.user)
    form = CorrectionForm(request.POST or None, instance=interest)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_correct(
                interest=interest,
                member=member,
                fields=form.interest_fields(),
                reason=form.cleaned_data["reason"],
                actor=request.user,
                version=form.version(),
            )
            messages.success(
                request,
                "Your correction has been saved. "
                "The earlier version is kept in the entry's history.",
            )
            return redirect("interest_detail", pk=interest.pk)
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request,
        "interests/declarations/interest_correct.html",
        {"form": form, "interest": interest},
    )


@require_http_methods(["GET", "POST"])
@login_required
def interest_end(request: HttpRequest, pk: int) -> HttpResponse:
    interest = own_interest_for_user(request.user, pk)
    form = EndInterestForm(request.POST or None, interest=interest)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_end(
                interest=interest,
                member=member_for_user(request.user),
                end_date=form.cleaned_data["end_date"],
                actor=request.user,
            )
            messages.success(
                request, "The end date has been recorded. The entry stays on the register."
            )
            return redirect("interest_detail", pk=interest.pk)
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request, "interests/declarations/interest_end.html", {"form": form, "interest": interest}
    )


@require_http_methods(["GET", "POST"])
@login_required
def withholding_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    interest = own_interest_for_user(request.user, pk)
    form = WithholdingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withholding_request(
                interest=interest,
                member=member_for_user(request.user),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
            messages.success(
                request,
                "Your request has gone to the Conflicts of Interest Guardian. "
                "The entry is not published meanwhile.",
            )
            return redirect("interest_detail", pk=interest.pk)
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request,
        "interests/declarations/withholding_request.html",
        {"form": form, "interest": interest},
    )


@require_http_methods(["GET", "POST"])
@login_required
def nil_return(request: HttpRequest) -> HttpResponse:
    member = member_for_user(request.user)
    form = ConfirmationsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_services.nil_return_submit(
                member=member,
                actor=request.user,
                confirmed_complete=form.cleaned_data["confirmed_complete"],
                acknowledged_duty=form.cleaned_data["acknowledged_duty"],
            )
            messages.success(
                request, "Your nil return has been recorded: you have nothing to declare."
            )
            return redirect("my_declarations")
        except ValidationError as error:
            _form_error(form, error)
    return render(request, "interests/declarations/nil_return.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def annual_declaration(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    member = member_for_user(request.user)
    campaign = get_object_or_404(DeclarationCampaign, pk=campaign_pk)
    mine = my_declarations(member)
    form = ConfirmationsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_services.annual_declaration_confirm(
                member=member,
                campaign=campaign,
                actor=request.user,
                confirmed_complete=form.cleaned_data["confirmed_complete"],
                acknowledged_duty=form.cleaned_data["acknowledged_duty"],
            )
            messages.success(
                request, f"Thank you. Your answer to {campaign.title} has been recorded."
            )
            return redirect("my_declarations")
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request,
        "interests/declarations/annual_declaration.html",
        {"form": form, "campaign": campaign, "mine": mine},
    )


@require_GET
@login_required
def organisation_suggestions(request: HttpRequest) -> HttpResponse:
    """Options for the organisation field's datalist, as the member types (htmx)."""
    typed = next(
        (
            request.GET[name]
            for name in ("organisation_text", "offered_by_name", "organisation_name")
            if request.GET.get(name)
        ),
        "",
    )
    query = " ".join(typed.split())[:100]
    matches = []
    if len(query) >= 2:
        matches = list(
            Organisation.objects.filter(is_active=True, name__icontains=query).order_by("name")[:20]
        ) + list(Organisation.objects.filter(is_active=True, ods_code__iexact=query)[:1])
    return render(
        request, "interests/declarations/_organisation_options.html", {"matches": matches}
    )
