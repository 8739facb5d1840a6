"""The member's calendar link page (make, replace, revoke) and the feed behind the link.

The feed is reached by its token alone (calendar apps cannot sign in); a wrong or revoked
token is a 404. The page and every change are the member's own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from interests.access import member_for_user
from meetings.models import CalendarFeed
from meetings.selectors.calendar import member_calendar, member_for_token
from meetings.services.calendar import calendar_link_create, calendar_link_revoke


@require_http_methods(["GET", "POST"])
@login_required
def calendar_link(request: HttpRequest) -> HttpResponse:
    member = member_for_user(request.user)
    link = ""
    revoked = False
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoked = calendar_link_revoke(actor=request.user, member=member)
        else:
            token = calendar_link_create(actor=request.user, member=member)
            link = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    return render(
        request,
        "meetings/calendar_link.html",
        {
            "link": link,
            "revoked": revoked,
            "has_link": CalendarFeed.objects.filter(member=member).exists(),
        },
    )


@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    member = member_for_token(token)
    if member is None:
        raise Http404("No such calendar")
    response = HttpResponse(member_calendar(member), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response
