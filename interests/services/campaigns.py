"""Nil returns and the annual declaration.

Silence is not a nil return: a member with nothing to declare says so, and
every decision-making member answers each annual declaration by confirming
their entries or declaring nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.publication import REGISTER_OF_INTERESTS, publication_changed
from interests.models import Declaration, DeclarationCampaign, Interest, Member
from interests.services.campaign_reminders import campaign_opened_notify


def _open_campaign() -> DeclarationCampaign | None:
    return DeclarationCampaign.objects.filter(closed_at__isnull=True).order_by("-opened_at").first()


def _current_declared(member: Member) -> list[Interest]:
    today = timezone.localdate()
    return list(member.interests.declared().current_on(today))


def _require_confirmations(confirmed_complete: bool, acknowledged_duty: bool) -> None:
    if not (confirmed_complete and acknowledged_duty):
        raise ValidationError(
            "Confirm your declaration is complete and that you will update it within 28 days"
        )


def _already_answered(member: Member, campaign: DeclarationCampaign | None) -> bool:
    return campaign is not None and campaign.declarations.filter(member=member).exists()


@transaction.atomic
def nil_return_submit(
    *, member: Member, actor: Any, confirmed_complete: bool, acknowledged_duty: bool
) -> Declaration:
    """Declare that the member has no interests to declare."""
    _require_confirmations(confirmed_complete, acknowledged_duty)
    current = _current_declared(member)
    if current:
        raise ValidationError(
            f"You have {len(current)} current interest(s) on the register. End them if they "
            "no longer apply, or confirm your entries instead of making a nil return."
        )
    campaign = _open_campaign()
    if _already_answered(member, campaign):
        campaign = None  # an extra nil return outside the campaign is still recorded
    declaration = Declaration(
        member=member,
        kind=Declaration.Kind.NIL_RETURN,
        campaign=campaign,
        confirmed_complete=True,
        acknowledged_duty_to_update=True,
    )
    declaration.full_clean()
    declaration.save()
    publication_changed(REGISTER_OF_INTERESTS)  # nil returns are published
    audit_record(actor=actor, action="declaration.nil_return", obj=declaration)
    return declaration


@transaction.atomic
def annual_declaration_confirm(
    *,
    member: Member,
    campaign: DeclarationCampaign,
    actor: Any,
    confirmed_complete: bool,
    acknowledged_duty: bool,
) -> Declaration:
    """Answer the annual declaration: my entries are complete (or I have none)."""
    _require_confirmations(confirmed_complete, acknowledged_duty)
    if not campaign.is_open:
        raise ValidationError("This annual declaration has closed.")
    if _already_answered(member, campaign):
        raise ValidationError("You have already answered this annual declaration.")
    if member.interests.filter(status=Interest.Status.DRAFT).exists():
        raise ValidationError(
            "You have draft entries. Submit them (or keep them as drafts and come back) "
            "before confirming your declaration is complete."
        )
    current = _current_declared(member)
    declaration = Declaration(
        member=member,
        kind=Declaration.Kind.CONFIRMED if current else Declaration.Kind.NIL_RETURN,
        campaign=campaign,
        confirmed_complete=True,
        acknowledged_duty_to_update=True,
    )
    declaration.full_clean()
    declaration.save()
    publication_changed(REGISTER_OF_INTERESTS)  # nil returns are published
    declaration.entries_confirmed.set(current)
    audit_record(
        actor=actor,
        action="declaration.annual_confirmed",
        obj=declaration,
        detail={"campaign": campaign.pk, "entries": [i.pk for i in current]},
    )
    return declaration


@transaction.atomic
def campaign_open(*, title: str, deadline: datetime.date, actor: Any) -> DeclarationCampaign:
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": "The deadline must be today or in the future"})
    if _open_campaign() is not None:
        raise ValidationError("An annual declaration is already open. Close it first.")
    campaign = DeclarationCampaign(title=title.strip(), deadline=deadline, opened_by=actor)
    campaign.full_clean()
    campaign.save()
    audit_record(actor=actor, action="campaign.opened", obj=campaign)
    campaign_opened_notify(campaign=campaign)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: DeclarationCampaign, actor: Any) -> DeclarationCampaign:
    if not campaign.is_open:
        raise ValidationError("This annual declaration is already closed.")
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["closed_at"])
    audit_record(actor=actor, action="campaign.closed", obj=campaign)
    return campaign
