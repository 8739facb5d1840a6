"""Values every page needs: who the organisation is, and the menu for this person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from ccg_governance.navigation import navigation_for
from core.terminology import terms


def organisation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    display_name = ""
    if user is not None and user.is_authenticated:
        member = getattr(user, "member", None)
        display_name = member.full_name if member else user.get_username()
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "organisation_type": settings.ORGANISATION_TYPE,
        "product_name": "Recuse",
        "user_display_name": display_name,
        "terms": terms(),
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    return {"navigation": navigation_for(user, request.path)}
