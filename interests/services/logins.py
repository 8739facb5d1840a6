"""Logins for people on the register: usernames, the roles they hold, and who may change them.

A login is created with no usable password; the person sets one from their
invitation. Roles are Django groups (core.roles); who may give which role is
decided here, and every change is audited by the service that makes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.audit import audit_record
from core.roles import Role
from interests.models import Member

# The secretary may give or take away these roles. The others open every
# register, paper and the audit trail, or the people screens themselves, so
# only a system administrator (a Django superuser) may grant or remove them;
# otherwise a secretary could hand out their own powers.
GRANTABLE_ROLES: tuple[Role, ...] = (Role.MEMBER, Role.CHAIR)
PRIVILEGED_ROLES: tuple[Role, ...] = (Role.SECRETARY, Role.GUARDIAN, Role.AUDITOR)
ALL_ROLES: tuple[Role, ...] = GRANTABLE_ROLES + PRIVILEGED_ROLES
_ROLE_NAMES = {role.value for role in ALL_ROLES}
_PRIVILEGED_NAMES = {role.value for role in PRIVILEGED_ROLES}


@dataclass(frozen=True)
class LoginData:
    """A login for the person: its username, the roles it holds, and whether it may sign in."""

    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    is_active: bool = True


def is_superuser(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False))


def same_person(actor: Any, member: Member) -> bool:
    own = getattr(actor, "member", None)
    return own is not None and own.pk == member.pk


def role_list(names: Iterable[str]) -> str:
    ordered = [role.value for role in ALL_ROLES if role.value in set(names)]
    if len(ordered) == 1:
        return f"the {ordered[0]} role"
    return "the " + ", ".join(ordered[:-1]) + f" and {ordered[-1]} roles"


def username_errors(username: str, user: User | None) -> dict[str, str]:
    if not username:
        return {"username": "Enter a username for their login"}
    taken = User.objects.filter(username__iexact=username)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        return {"username": f"The username {username} is already taken: choose another"}
    return {}


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def role_errors(*, actor: Any, held: set[str], wanted: set[str]) -> dict[str, str]:
    unknown = wanted - _ROLE_NAMES
    if unknown:
        return {"roles": f"There is no role called {', '.join(sorted(unknown))}"}
    if is_superuser(actor):
        return {}
    granted = (wanted - held) & _PRIVILEGED_NAMES
    removed = (held - wanted) & _PRIVILEGED_NAMES
    if granted:
        return {"roles": f"Only a system administrator can give someone {role_list(granted)}"}
    if removed:
        return {"roles": f"Only a system administrator can take away {role_list(removed)}"}
    return {}


def roles_held(user: User | None) -> set[str]:
    if user is None:
        return set()
    return {name for name in user.groups.values_list("name", flat=True) if name in _ROLE_NAMES}


def set_roles(user: User, wanted: set[str]) -> dict[str, list[str]]:
    """Make the user's role groups exactly ``wanted``; other groups are left alone."""
    held = roles_held(user)
    groups = {group.name: group for group in Group.objects.filter(name__in=held | wanted)}
    missing = wanted - groups.keys()
    if missing:
        raise ValidationError({"roles": f"Not set up yet: {role_list(missing)} (run migrate)"})
    to_add = sorted(wanted - held)
    to_remove = sorted(held - wanted)
    if to_add:
        user.groups.add(*(groups[name] for name in to_add))
    if to_remove:
        user.groups.remove(*(groups[name] for name in to_remove))
    return {"granted": to_add, "removed": to_remove}


def new_login_errors(*, actor: Any, member: Member, login: LoginData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not member.email:
        errors["email"] = (
            "Enter their email address: the invitation to set a password is sent there"
        )
    if not member.is_active:
        errors["give_login"] = (
            f"{member.full_name} is not active: make their record active before giving them a login"
        )
    errors |= username_errors(login.username.strip(), None)
    errors |= role_errors(actor=actor, held=set(), wanted=set(login.roles))
    return errors


def login_create(
    *, actor: Any, member: Member, login: LoginData, request: HttpRequest | None
) -> User:
    """A login with no usable password: the person chooses one from the invitation link."""
    user = User(
        username=login.username.strip(),
        email=member.email,
        first_name=member.first_name[:150],
        last_name=member.last_name[:150],
        is_active=True,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    set_roles(user, set(login.roles))
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=actor,
        action="member.login_created",
        obj=member,
        detail={"username": user.username, "roles": sorted(login.roles)},
        request=request,
    )
    return user


def protected_login(*, actor: Any, user: User | None, held: set[str]) -> str:
    """Why ``actor`` may not change this login's sign-in details, or "" if they may.

    A login holding a role the actor may not grant (Secretary, Guardian, Auditor for
    anyone but a system administrator), or a system administrator's own login, is
    protected: changing its email and then asking for a password reset would hand the
    actor its powers. Only a system administrator changes those.
    """
    if user is None or is_superuser(actor):
        return ""
    if user.is_superuser:
        return "is a system administrator"
    privileged = held & _PRIVILEGED_NAMES
    if privileged:
        return f"holds {role_list(privileged)}"
    return ""


def login_change_errors(
    *, actor: Any, member: Member, user: User, login: LoginData, held: set[str]
) -> dict[str, str]:
    login_changes = (
        user.username != login.username.strip()
        or user.is_active != login.is_active
        or held != set(login.roles)
    )
    if user.is_superuser and login_changes and not is_superuser(actor):
        return {"username": "Only a system administrator can change a system administrator's login"}
    errors = username_errors(login.username.strip(), user)
    errors |= role_errors(actor=actor, held=held, wanted=set(login.roles))
    protected = protected_login(actor=actor, user=user, held=held)
    if protected and user.username != login.username.strip():
        errors["username"] = (
            f"{member.full_name} {protected}: only a system administrator can change their username"
        )
    if protected and user.is_active != login.is_active:
        errors["can_sign_in"] = (
            f"{member.full_name} {protected}: only a system administrator can change whether "
            "they can sign in"
        )
    if same_person(actor, member) and not login.is_active:
        errors["can_sign_in"] = "You cannot stop yourself signing in: ask another secretary"
    privileged = set(login.roles) & _PRIVILEGED_NAMES
    if not user.is_active and login.is_active and privileged and not is_superuser(actor):
        # Re-opening a dormant login would hand its powers back without an administrator.
        errors["can_sign_in"] = (
            f"{member.full_name} holds {role_list(privileged)}: only a system administrator "
            "can let them sign in again"
        )
    return errors
