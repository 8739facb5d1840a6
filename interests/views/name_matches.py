"""The secretary's review queue of typed organisation names matched to the list (ADR 0027).

Reading the queue needs ``interests.view_organisation``; deciding needs
``interests.change_organisation``, as linking a typed name by hand does.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from interests.selectors import name_matches as selectors
from interests.services import name_matches as services


@require_GET
@login_required
@permission_required("interests.view_organisation", raise_exception=True)
def name_match_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "interests/organisations/name_matches.html",
        {"rows": selectors.name_match_queue()},
    )


@require_POST
@login_required
@permission_required("interests.change_organisation", raise_exception=True)
def name_match_decide(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.name_match_get(pk)
    decision = request.POST.get("decision")
    try:
        if decision == "confirm":
            count = services.name_match_confirm(match=match, actor=request.user, request=request)
            messages.success(
                request,
                f"“{match.typed_name}” is now {match.organisation.name}: {count} register "
                f"entr{'y' if count == 1 else 'ies'} linked, and conflicts re-checked.",
            )
        elif decision == "reject":
            services.name_match_reject(match=match, actor=request.user, request=request)
            messages.success(
                request,
                f"“{match.typed_name}” is not {match.organisation.name}: it stays as typed.",
            )
        else:
            messages.error(request, "Choose whether the names are the same organisation.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("name_match_queue")


@require_POST
@login_required
@permission_required("interests.change_organisation", raise_exception=True)
def name_match_search(request: HttpRequest) -> HttpResponse:
    """Look again for every unlinked typed name, say after organisations were imported."""
    added = services.name_matches_propose()
    messages.success(request, f"{added} new proposal{'' if added == 1 else 's'} to check.")
    return redirect("name_match_queue")
