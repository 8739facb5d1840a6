"""The one place that decides who may open a register entry.

A member sees their own entries, drafts included. People who keep or check
the register see every declared entry, but never another member's drafts:
a draft is the declarant's own working copy until they submit it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from interests.models import Interest, Member


def member_for_user(user: Any) -> Member:
    """The signed-in person's register record; 403 if they have none."""
    member = getattr(user, "member", None)
    if member is None:
        raise PermissionDenied("Your account is not linked to a member of the register.")
    return member


def interest_for_user(user: Any, pk: int) -> Interest:
    interest = get_object_or_404(
        Interest.objects.select_related("declarant", "organisation", "reviewed_by"), pk=pk
    )
    member = getattr(user, "member", None)
    if member is not None and interest.declarant_id == member.pk:
        return interest
    if interest.is_draft:
        raise PermissionDenied("This is another member's draft.")
    if user.has_perm("interests.view_full_register"):
        return interest
    raise PermissionDenied("You can only open your own declarations.")


def own_interest_for_user(user: Any, pk: int) -> Interest:
    """For changes: only the declarant may change their entry."""
    interest = interest_for_user(user, pk)
    if interest.declarant_id != member_for_user(user).pk:
        raise PermissionDenied("You can only change your own declarations.")
    return interest
