"""The Conflicts Guardian's list of declarations made at meetings that are not yet on the
register, and the ruling that one was made in error."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.audit_views import logged_view
from meetings.forms.conduct import DeclarationErrorForm
from meetings.forms.meetings import add_service_errors
from meetings.models import MeetingDeclaration
from meetings.selectors.declarations_pending import declarations_in_error, pending_rows
from meetings.services.declaration_errors import meeting_declaration_in_error

PERMISSION = "meetings.record_declaration_error"


@require_GET
@never_cache
@login_required
@permission_required(PERMISSION, raise_exception=True)
@logged_view("meeting.declarations_pending_viewed")
def declarations_pending(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/declarations_pending.html",
        {"rows": pending_rows(), "in_error": list(declarations_in_error()[:50])},
    )


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@permission_required(PERMISSION, raise_exception=True)
def declaration_in_error(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = (
        MeetingDeclaration.objects.select_related("member", "meeting__committee", "item")
        .filter(pk=pk)
        .first()
    )
    if declaration is None:
        raise Http404("No such declaration")
    form = DeclarationErrorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_declaration_in_error(
                actor=request.user,
                declaration=declaration,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Recorded that {declaration.member.full_name}'s declaration at "
                f"{declaration.meeting.display_title} was made in error. It no longer counts "
                "for recusal or paper access.",
            )
            return redirect("meeting_declarations_pending")
    return render(
        request,
        "meetings/declaration_in_error.html",
        {"declaration": declaration, "form": form},
    )
