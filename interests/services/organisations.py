"""Writing organisations, the relationships between them, and links from typed names.

Every function runs in one transaction, validates before saving and writes
its audit record alongside the change. Relationships are never deleted: a
relationship that stops is ended, so the network on any past date can be
rebuilt (the recusal engine and auditors both ask "who was connected then?").
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest

from core.audit import audit_record
from core.concurrency import version_check, version_token
from core.locks import serialise
from core.publication import REGISTER_OF_INTERESTS, publication_changed
from interests import hooks
from interests.models import Organisation, OrganisationRelationship
from interests.selectors.organisations import normalise_organisation_name, unlinked_interests_named

# 8 digits (England and Wales), or two letters and six digits (SC, NI, OC, ...).
COMPANIES_HOUSE_NUMBER = re.compile(r"^(?:\d{8}|[A-Z]{2}\d{6})$")
COMPANIES_HOUSE_MESSAGE = (
    "Enter a Companies House number of 8 characters: 8 digits, like 01234567, "
    "or 2 letters and 6 digits, like SC123456"
)


@dataclass(frozen=True)
class OrganisationData:
    """What a person may set on an organisation."""

    name: str
    kind: str
    ods_code: str = ""
    companies_house_number: str = ""
    nature_of_business: str = ""
    address: str = ""
    postcode: str = ""
    is_active: bool = True

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return tuple(field.name for field in dataclasses.fields(cls))


def organisation_version(organisation: Organisation) -> str:
    """The token an organisation's edit form carries (core.concurrency)."""
    return version_token(_organisation_state(organisation))


def _organisation_state(organisation: Organisation) -> dict[str, Any]:
    return {name: getattr(organisation, name) for name in OrganisationData.fields()}


def _organisation_shown(organisation: Organisation) -> list[tuple[str, str]]:
    return [
        ("Name", organisation.name),
        ("Kind", organisation.get_kind_display()),
        ("ODS code", organisation.ods_code or "None"),
        ("Companies House number", organisation.companies_house_number or "None"),
        ("What it does", organisation.nature_of_business or "None"),
        ("Address", f"{organisation.address} {organisation.postcode}".strip() or "None"),
        ("Active", "Yes" if organisation.is_active else "No"),
    ]


def normalise_ods_code(code: str) -> str:
    return code.strip().upper()


def normalise_companies_house_number(number: str) -> str:
    return "".join(number.split()).upper()


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _set_history(obj: models.Model, *, actor: Any, reason: str) -> None:
    obj._change_reason = reason  # type: ignore[attr-defined]
    if getattr(actor, "is_authenticated", False):
        obj._history_user = actor  # type: ignore[attr-defined]


def _apply(organisation: Organisation, data: OrganisationData) -> dict[str, Any]:
    """Copy ``data`` onto the organisation; return the fields that changed (old, new)."""
    values = asdict(data)
    values["name"] = " ".join(data.name.split())
    values["ods_code"] = normalise_ods_code(data.ods_code)
    values["companies_house_number"] = normalise_companies_house_number(data.companies_house_number)
    values["postcode"] = " ".join(data.postcode.split()).upper()
    values["nature_of_business"] = data.nature_of_business.strip()
    values["address"] = data.address.strip()
    changed = {}
    for field, value in values.items():
        old = getattr(organisation, field)
        if old != value:
            changed[field] = [old, value]
            setattr(organisation, field, value)
    return changed


def _validate(organisation: Organisation) -> None:
    errors: dict[str, str] = {}
    if not organisation.name:
        errors["name"] = "Enter the organisation's name"
    number = organisation.companies_house_number
    if number and not COMPANIES_HOUSE_NUMBER.match(number):
        errors["companies_house_number"] = COMPANIES_HOUSE_MESSAGE
    if organisation.ods_code:
        holder = (
            Organisation.objects.filter(ods_code__iexact=organisation.ods_code)
            .exclude(pk=organisation.pk)
            .first()
        )
        if holder is not None:
            errors["ods_code"] = (
                f"The ODS code {organisation.ods_code} is already used by {holder.name}. "
                "Each ODS code belongs to one organisation: check the code, or edit that "
                "organisation instead"
            )
    if not organisation.ods_code and organisation.name:
        twin = (
            Organisation.objects.filter(name__iexact=organisation.name, ods_code="")
            .exclude(pk=organisation.pk)
            .first()
        )
        if twin is not None:
            errors["name"] = (
                f"There is already an organisation called {twin.name}. Use that one, or give "
                "this one its ODS code to tell them apart"
            )
    if errors:
        raise ValidationError(errors)
    # Unique constraints were checked above with a message a person can act on.
    organisation.full_clean(validate_constraints=False)


@transaction.atomic
def organisation_create(
    *, actor: Any, data: OrganisationData, request: HttpRequest | None = None
) -> Organisation:
    # The same organisation posted twice, or by two secretaries, at once: the second waits
    # for the first, then finds its name or code taken (docs/adr/0028).
    serialise("organisations.create")
    organisation = Organisation()
    _apply(organisation, data)
    _validate(organisation)
    _set_history(organisation, actor=actor, reason="Added by the secretary")
    organisation.save()
    audit_record(actor=actor, action="organisation.created", obj=organisation, request=request)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    data: OrganisationData,
    request: HttpRequest | None = None,
    version: str | None = None,
) -> Organisation:
    """Change an organisation; with ``version`` (its form's token), refuse a stale save."""
    serialise("organisations.create")  # a new name or code is checked then written
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    version_check(
        expected=version,
        state=_organisation_state(organisation),
        noun="organisation",
        shown=_organisation_shown(organisation),
    )
    changed = _apply(organisation, data)
    if not changed:
        return organisation
    _validate(organisation)
    _set_history(organisation, actor=actor, reason="Changed by the secretary")
    organisation.save()
    audit_record(
        actor=actor,
        action="organisation.changed",
        obj=organisation,
        detail={"changed": {field: [str(v) for v in pair] for field, pair in changed.items()}},
        request=request,
    )
    if "name" in changed:
        # Unlinked entries are matched to affected organisations by name.
        hooks.notify_network_changed({organisation.pk})
    # The published register shows the organisation's name and what it does.
    publication_changed(REGISTER_OF_INTERESTS)
    return organisation


# --- Relationships ----------------------------------------------------------------


def _periods_overlap(
    start_a: datetime.date | None,
    end_a: datetime.date | None,
    start_b: datetime.date | None,
    end_b: datetime.date | None,
) -> bool:
    a_starts_before_b_ends = start_a is None or end_b is None or start_a <= end_b
    b_starts_before_a_ends = start_b is None or end_a is None or start_b <= end_a
    return a_starts_before_b_ends and b_starts_before_a_ends


@transaction.atomic
def organisation_relationship_add(
    *,
    actor: Any,
    source: Organisation,
    target: Organisation,
    kind: str,
    start_date: datetime.date | None,
    end_date: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> OrganisationRelationship:
    """Record that ``source`` is ``kind`` ``target`` from ``start_date``.

    Refuses an organisation related to itself, an end before the start, and a
    second relationship of the same kind between the same two organisations
    over the same dates (end the first one instead).
    """
    if source.pk == target.pk:
        raise ValidationError(
            {"target": "An organisation cannot be related to itself: choose another organisation"}
        )
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": "The end date must be the same as or after the start"})
    same = OrganisationRelationship.objects.select_for_update().filter(
        source=source, target=target, kind=kind
    )
    for existing in same:
        if _periods_overlap(existing.start_date, existing.end_date, start_date, end_date):
            since = f" from {_day(existing.start_date)}" if existing.start_date else ""
            raise ValidationError(
                f"{source.name} is already recorded as {existing.get_kind_display()} "
                f"{target.name}{since}. End that relationship first, or change the dates "
                "so they do not overlap"
            )
    relationship = OrganisationRelationship(
        source=source, target=target, kind=kind, start_date=start_date, end_date=end_date
    )
    relationship.full_clean()
    _set_history(relationship, actor=actor, reason="Added by the secretary")
    relationship.save()
    audit_record(
        actor=actor,
        action="organisation.relationship_added",
        obj=relationship,
        detail={"source": source.pk, "target": target.pk, "kind": kind},
        request=request,
    )
    hooks.notify_network_changed({source.pk, target.pk})
    return relationship


@transaction.atomic
def organisation_relationship_end(
    *,
    actor: Any,
    relationship: OrganisationRelationship,
    end_date: datetime.date,
    request: HttpRequest | None = None,
) -> OrganisationRelationship:
    """Set the day a relationship ended. It stays on record; nothing is deleted."""
    relationship = OrganisationRelationship.objects.select_for_update().get(pk=relationship.pk)
    if relationship.end_date is not None:
        raise ValidationError(f"This relationship already ended on {_day(relationship.end_date)}")
    if relationship.start_date and end_date < relationship.start_date:
        raise ValidationError(
            {
                "end_date": "The end date must be the same as or after the day it started, "
                f"{_day(relationship.start_date)}"
            }
        )
    relationship.end_date = end_date
    relationship.full_clean()
    _set_history(relationship, actor=actor, reason="Ended by the secretary")
    relationship.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action="organisation.relationship_ended",
        obj=relationship,
        detail={"end_date": end_date.isoformat()},
        request=request,
    )
    hooks.notify_network_changed({relationship.source_id, relationship.target_id})
    return relationship


# --- Linking typed names to organisations ----------------------------------------------


def _link_interests(
    *, actor: Any, typed_name: str, organisation: Organisation, request: HttpRequest | None
) -> int:
    interests = unlinked_interests_named(typed_name)
    if not interests:
        raise ValidationError(
            f"No register entries name “{typed_name}” without an organisation: "
            "they may have been linked already"
        )
    for interest in interests:
        interest.organisation = organisation
        # The typed name stays in the entry's history; the link replaces it.
        interest.organisation_name = ""
        interest.full_clean()
        _set_history(interest, actor=actor, reason=f"Organisation linked: {organisation.name}")
        interest.save()
        hooks.notify_interest_changed(interest)
    audit_record(
        actor=actor,
        action="organisation.name_linked",
        obj=organisation,
        detail={
            "typed_name": typed_name,
            "interests": [interest.pk for interest in interests],
        },
        request=request,
    )
    return len(interests)


@transaction.atomic
def organisation_name_link(
    *,
    actor: Any,
    typed_name: str,
    organisation: Organisation,
    request: HttpRequest | None = None,
) -> int:
    """Link every entry whose typed organisation name matches to ``organisation``.

    Names match trimmed and in any case. Returns how many entries were linked.
    """
    return _link_interests(
        actor=actor, typed_name=typed_name, organisation=organisation, request=request
    )


@transaction.atomic
def organisation_create_from_name(
    *, actor: Any, typed_name: str, kind: str, request: HttpRequest | None = None
) -> tuple[Organisation, int]:
    """Add an organisation called ``typed_name`` and link every entry that typed it."""
    name = " ".join(typed_name.split())
    taken = Organisation.objects.filter(
        Q(name__iexact=name) | Q(name__iexact=typed_name.strip())
    ).first()
    if taken is not None and normalise_organisation_name(taken.name) == (
        normalise_organisation_name(name)
    ):
        raise ValidationError(
            f"An organisation called {taken.name} already exists: link the entries to it instead"
        )
    organisation = organisation_create(
        actor=actor, data=OrganisationData(name=name, kind=kind), request=request
    )
    count = _link_interests(
        actor=actor, typed_name=typed_name, organisation=organisation, request=request
    )
    return organisation, count
