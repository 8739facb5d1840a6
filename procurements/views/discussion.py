"""'May I discuss this with them?': whom not to tell about a procurement, and the search
across procurements and restricted items. Every look-up and refusal is audited, naming the
procurement or item by reference only."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.audit import audit_record
from procurements.access import procurement_for_user
from procurements.selectors.discussion import discussion_search, procurement_keep_out


@require_GET
@login_required
def procurement_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = procurement_for_user(request.user, pk)
    try:
        rows = procurement_keep_out(request.user, procurement)
    except PermissionDenied:
        audit_record(
            actor=request.user, action="discussion.refused", obj=procurement, request=request
        )
        raise
    audit_record(actor=request.user, action="discussion.checked", obj=procurement, request=request)
    return render(
        request,
        "meetings/discussion.html",
        {
            "subject": f"{procurement.reference} {procurement.title}",
            "back_url": reverse("procurement_detail", args=[procurement.pk]),
            "rows": rows,
        },
    )


class DiscussionSearchForm(forms.Form):
    person = forms.CharField(
        label="Who you would discuss it with",
        max_length=100,
        help_text="Part of their name, for example Patel",
        error_messages={"required": "Enter part of the person's name"},
    )
    about = forms.CharField(
        label="What you would discuss",
        max_length=100,
        help_text="Words from a procurement or a confidential item, for example out-of-hours",
        error_messages={"required": "Enter words from the procurement or item"},
    )


@require_GET
@login_required
def discussion_search_view(request: HttpRequest) -> HttpResponse:
    form = DiscussionSearchForm(request.GET or None)
    answers = None
    if form.is_bound and form.is_valid():
        answers, looked_up = discussion_search(
            request.user, form.cleaned_data["person"], form.cleaned_data["about"]
        )
        for obj in looked_up:
            audit_record(actor=request.user, action="discussion.checked", obj=obj, request=request)
        if not looked_up:
            audit_record(
                actor=request.user,
                action="discussion.searched",
                detail={"found": 0},
                request=request,
            )
    return render(
        request,
        "procurements/discussion_search.html",
        {"form": form, "answers": answers},
        status=400 if form.is_bound and form.errors else 200,
    )
