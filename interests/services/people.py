"""Adding and changing the people on the register.

Every function runs in one transaction, validates before saving and writes its
audit record alongside the change. People are never deleted: someone who
leaves is made inactive (see ``leavers``). Logins and roles are in ``logins``,
invitations in ``invitations``.

A person's professional role counts towards quorum, being a decision-maker
decides what is published, and an inactive login must not keep papers open.
So any change to those calls ``hooks.notify_member_changed`` in the same
transaction, and the apps built on the register recompute what depends on it:
paper, minute and bid-document permissions never lag the record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import BaseUserManager, User
from django.db import transaction
from django.http import HttpRequest

from core.audit import audit_record
from core.concurrency import version_check, version_token
from core.locks import serialise
from core.publication import REGISTER_OF_INTERESTS, publication_changed
from interests import hooks
from interests.models import Member
from interests.services.invitations import invitation_queue
from interests.services.login_emails import login_email_changed
from interests.services.logins import (
    LoginData,
    login_change_errors,
    login_create,
    new_login_errors,
    protected_login,
    raise_if,
    roles_held,
    same_person,
    set_roles,
)

# Changes to these fields can alter a quorum verdict, what is published or who
# may open papers: they trigger the recusal sync.
_RECUSAL_FIELDS = ("professional_role", "is_decision_maker", "is_active")


_PERSON_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "job_title",
    "professional_role",
    "email",
    "affiliation",
    "is_decision_maker",
    "is_active",
)


@dataclass(frozen=True)
class PersonData:
    """What the secretary may set on a person's record."""

    title: str
    first_name: str
    last_name: str
    job_title: str
    professional_role: str
    email: str = ""
    affiliation: str = ""
    is_decision_maker: bool = True
    is_active: bool = True


def member_version(member: Member) -> str:
    """The token a person's edit form carries (core.concurrency)."""
    return version_token(_member_state(member))


def _member_state(member: Member) -> dict[str, Any]:
    state: dict[str, Any] = {name: getattr(member, name) for name in _PERSON_FIELDS}
    user = member.user
    if user is not None:
        state |= {
            "username": user.get_username(),
            "login_email": user.email,
            "login_active": user.is_active,
            "roles": sorted(roles_held(user)),
        }
    return state


def _member_shown(member: Member) -> list[tuple[str, str]]:
    shown = [
        ("Name", member.full_name),
        ("Job title", member.job_title or "None"),
        ("Professional role", member.get_professional_role_display()),
        ("Email", member.email or "None"),
        ("Organisation they represent", member.affiliation or "None"),
        ("Decision-maker", "Yes" if member.is_decision_maker else "No"),
        ("Active", "Yes" if member.is_active else "No"),
    ]
    user = member.user
    if user is not None:
        shown += [
            ("Username", user.get_username()),
            ("Can sign in", "Yes" if user.is_active else "No"),
            ("Roles", ", ".join(sorted(roles_held(user))) or "None"),
        ]
    return shown


def _clean_text(value: str) -> str:
    """Collapse runs of whitespace; names are kept exactly as typed otherwise (shown escaped)."""
    return " ".join(value.split())


def _apply_person(member: Member, data: PersonData) -> dict[str, list[Any]]:
    """Copy ``data`` onto the member; return the fields that changed as [old, new]."""
    values = asdict(data)
    for name in ("title", "first_name", "last_name", "job_title", "affiliation"):
        values[name] = _clean_text(values[name])
    email = data.email.strip()
    values["email"] = BaseUserManager.normalize_email(email) if email else ""
    changed: dict[str, list[Any]] = {}
    for name, value in values.items():
        old = getattr(member, name)
        if old != value:
            changed[name] = [old, value]
            setattr(member, name, value)
    return changed


def _member_errors(member: Member) -> dict[str, str]:
    """Problems a person can act on, checked before Django's generic validation."""
    errors: dict[str, str] = {}
    if not member.email:
        return errors
    holder = Member.objects.filter(email__iexact=member.email).exclude(pk=member.pk).first()
    if holder is not None:
        errors["email"] = (
            f"{member.email} is already the email address of {holder.full_name}. "
            "Each person's email address must be different: check the address, or change "
            f"{holder.full_name}'s record instead"
        )
        return errors
    login = User.objects.filter(email__iexact=member.email).exclude(pk=member.user_id or 0).first()
    if login is not None:
        errors["email"] = (
            f"{member.email} is already the email address of the login "
            f"{login.get_username()}. Each person's email address must be different"
        )
    return errors


@transaction.atomic
def member_create(
    *,
    actor: Any,
    person: PersonData,
    login: LoginData | None = None,
    request: HttpRequest | None = None,
) -> Member:
    """Add a person; with ``login``, give them a login and email an invitation."""
    # Two secretaries adding the same person at once: the second sees the first's record.
    serialise("people.create")
    member = Member()
    _apply_person(member, person)
    member.is_active = True
    errors = _member_errors(member)
    if login is not None:
        errors = new_login_errors(actor=actor, member=member, login=login) | errors
    raise_if(errors)
    member.full_clean(validate_constraints=False)
    member.save()
    audit_record(
        actor=actor,
        action="member.created",
        obj=member,
        detail={k: v for k, v in asdict(person).items() if k != "is_active"},
        request=request,
    )
    if login is not None:
        login_create(actor=actor, member=member, login=login, request=request)
        invitation_queue(actor=actor, member=member, request=request)
    return member


@transaction.atomic
def member_update(
    *,
    actor: Any,
    member: Member,
    person: PersonData,
    login: LoginData | None = None,
    request: HttpRequest | None = None,
    version: str | None = None,
) -> Member:
    """Change a person's record and login.

    ``login`` changes an existing login, or gives the person one (with an
    invitation) if they have none. ``None`` leaves any login as it is. ``version`` is
    the token of the record when its form was shown: a stale save is refused.
    """
    serialise("people.create")  # usernames and emails are checked then written
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    version_check(
        expected=version,
        state=_member_state(member),
        noun="person's record",
        shown=_member_shown(member),
    )
    user = member.user
    changed = _apply_person(member, person)
    if changed.get("is_active") == [False, True] and member.left_on is not None:
        # They have come back: no longer a leaver (the trail keeps when they left).
        changed["left_on"] = [member.left_on.isoformat(), None]
        member.left_on = None
    errors = _member_errors(member)
    if same_person(actor, member) and not member.is_active:
        errors["is_active"] = "You cannot make your own record inactive: ask another secretary"
    held = roles_held(user)
    protected = protected_login(actor=actor, user=user, held=held)
    if protected and "email" in changed:
        # The login's email is how its password is reset: whoever sets it controls the login.
        errors["email"] = (
            f"{member.full_name} {protected}: only a system administrator can change their "
            "email address"
        )
    if login is not None and user is not None:
        errors = (
            login_change_errors(actor=actor, member=member, user=user, login=login, held=held)
            | errors
        )
    elif login is not None:
        errors = new_login_errors(actor=actor, member=member, login=login) | errors
    raise_if(errors)
    member.full_clean(validate_constraints=False)

    user_changes: dict[str, list[Any]] = {}
    if user is not None:
        wanted: dict[str, Any] = {
            "first_name": member.first_name[:150],
            "last_name": member.last_name[:150],
        }
        if "email" in changed:
            # The login follows the record's address when the record's address changes.
            wanted["email"] = member.email
        if login is not None:
            wanted |= {"username": login.username.strip(), "is_active": login.is_active}
        for name, value in wanted.items():
            if getattr(user, name) != value:
                user_changes[name] = [getattr(user, name), value]
                setattr(user, name, value)
        user.full_clean()
    member.save()
    if changed:
        # Names and positions are published with each entry (core.publication).
        publication_changed(REGISTER_OF_INTERESTS)
    if user is not None and user_changes:
        user.save()
        if "email" in user_changes:
            login_email_changed(
                actor=actor, user=user, old_email=user_changes["email"][0], request=request
            )
    role_changes: dict[str, list[str]] = {}
    if login is not None and user is not None:
        role_changes = set_roles(user, set(login.roles))
    if changed or user_changes or any(role_changes.values()):
        audit_record(
            actor=actor,
            action="member.changed",
            obj=member,
            detail={
                "changed": changed,
                "login": user_changes,
                "roles": role_changes if any(role_changes.values()) else {},
            },
            request=request,
        )
    if login is not None and user is None:
        login_create(actor=actor, member=member, login=login, request=request)
        invitation_queue(actor=actor, member=member, request=request)
    if any(name in changed for name in _RECUSAL_FIELDS) or "is_active" in user_changes:
        hooks.notify_member_changed(member)
    return member
