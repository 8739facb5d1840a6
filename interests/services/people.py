"""Adding and changing the people on the register, their logins, and recording that they left.

Every function runs in one transaction, validates before saving and writes its
audit record alongside the change. People are never deleted: someone who
leaves is made inactive, loses their login and their committee places end,
while their register entries stay (ended interests stay published for six
months by the register's own rules).

A person's professional role counts towards quorum, being a decision-maker
decides what is published, and an inactive login must not keep papers open.
So any change to those goes through :func:`member_recusal_sync` in the same
transaction: paper, minute and bid-document permissions never lag the record.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import BaseUserManager, Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ccg_governance.audit import audit_record
from ccg_governance.roles import Role
from interests.models import Member

logger = logging.getLogger(__name__)

# The secretary may give or take away these roles. The others open every
# register, paper and the audit trail, or the people screens themselves, so
# only a system administrator (a Django superuser) may grant or remove them;
# otherwise a secretary could hand out their own powers.
GRANTABLE_ROLES: tuple[Role, ...] = (Role.MEMBER, Role.CHAIR)
PRIVILEGED_ROLES: tuple[Role, ...] = (Role.SECRETARY, Role.GUARDIAN, Role.AUDITOR)
ALL_ROLES: tuple[Role, ...] = GRANTABLE_ROLES + PRIVILEGED_ROLES
_ROLE_NAMES = {role.value for role in ALL_ROLES}
_PRIVILEGED_NAMES = {role.value for role in PRIVILEGED_ROLES}

# Changes to these fields can alter a quorum verdict, what is published or who
# may open papers: they trigger the recusal sync.
_RECUSAL_FIELDS = ("professional_role", "is_decision_maker", "is_active")


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


@dataclass(frozen=True)
class LoginData:
    """A login for the person: its username, the roles it holds, and whether it may sign in."""

    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    is_active: bool = True


# --- Helpers ------------------------------------------------------------------------------


def _is_superuser(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False))


def _same_person(actor: Any, member: Member) -> bool:
    own = getattr(actor, "member", None)
    return own is not None and own.pk == member.pk


def _role_list(names: Iterable[str]) -> str:
    ordered = [role.value for role in ALL_ROLES if role.value in set(names)]
    if len(ordered) == 1:
        return f"the {ordered[0]} role"
    return "the " + ", ".join(ordered[:-1]) + f" and {ordered[-1]} roles"


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


def _username_errors(username: str, user: User | None) -> dict[str, str]:
    if not username:
        return {"username": "Enter a username for their login"}
    taken = User.objects.filter(username__iexact=username)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        return {"username": f"The username {username} is already taken: choose another"}
    return {}


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _role_errors(*, actor: Any, held: set[str], wanted: set[str]) -> dict[str, str]:
    unknown = wanted - _ROLE_NAMES
    if unknown:
        return {"roles": f"There is no role called {', '.join(sorted(unknown))}"}
    if _is_superuser(actor):
        return {}
    granted = (wanted - held) & _PRIVILEGED_NAMES
    removed = (held - wanted) & _PRIVILEGED_NAMES
    if granted:
        return {"roles": f"Only a system administrator can give someone {_role_list(granted)}"}
    if removed:
        return {"roles": f"Only a system administrator can take away {_role_list(removed)}"}
    return {}


def roles_held(user: User | None) -> set[str]:
    if user is None:
        return set()
    return {name for name in user.groups.values_list("name", flat=True) if name in _ROLE_NAMES}


def _set_roles(user: User, wanted: set[str]) -> dict[str, list[str]]:
    """Make the user's role groups exactly ``wanted``; other groups are left alone."""
    held = roles_held(user)
    groups = {group.name: group for group in Group.objects.filter(name__in=held | wanted)}
    missing = wanted - groups.keys()
    if missing:
        raise ValidationError({"roles": f"Not set up yet: {_role_list(missing)} (run migrate)"})
    to_add = sorted(wanted - held)
    to_remove = sorted(held - wanted)
    if to_add:
        user.groups.add(*(groups[name] for name in to_add))
    if to_remove:
        user.groups.remove(*(groups[name] for name in to_remove))
    return {"granted": to_add, "removed": to_remove}


def _new_login_errors(*, actor: Any, member: Member, login: LoginData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not member.email:
        errors["email"] = (
            "Enter their email address: the invitation to set a password is sent there"
        )
    if not member.is_active:
        errors["give_login"] = (
            f"{member.full_name} is not active: make their record active before giving them a login"
        )
    errors |= _username_errors(login.username.strip(), None)
    errors |= _role_errors(actor=actor, held=set(), wanted=set(login.roles))
    return errors


def _login_create(
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
    _set_roles(user, set(login.roles))
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


# --- The recusal sync -------------------------------------------------------------------


def member_recusal_sync(member: Member) -> None:
    """Recompute paper, minute and bid-document access wherever this person counts.

    Called in the caller's transaction after a change to the person's
    professional role, decision-maker status, or either active flag: the
    meetings they sit on, attend or are reserve for are re-assessed (quorum,
    verdicts, paper permissions) and their evaluation panels re-checked.
    """
    from meetings.services.access import meeting_access_sync, meetings_concerning
    from procurements.services.panels import panels_recheck_for_member

    for meeting in meetings_concerning(member):
        meeting_access_sync(meeting=meeting)
    panels_recheck_for_member(member)


# --- Invitations --------------------------------------------------------------------------


def _site_root(request: HttpRequest | None) -> str:
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    host = next((h for h in settings.ALLOWED_HOSTS if h and h != "*"), "localhost")
    return f"https://{host.lstrip('.')}"


def invitation_deliver(*, user_pk: int, site_root: str, invited_by: str) -> bool:
    """Render and send the invitation; run after the transaction commits.

    The one-time link is Django's password-reset token, made now (after the
    commit) so it matches the stored account. It stops working once the person
    sets a password or signs in, or when PASSWORD_RESET_TIMEOUT passes.
    Returns False (and logs) if the mail server refuses: the secretary can
    resend from the person's page.
    """
    user = User.objects.select_related("member").filter(pk=user_pk).first()
    if user is None or not user.is_active or not user.email:
        return False
    member = getattr(user, "member", None)
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "organisation_name": settings.ORGANISATION_NAME,
        "product_name": "Recuse",
        "full_name": member.full_name if member is not None else user.get_username(),
        "username": user.get_username(),
        "link": f"{site_root}{path}",
        "sign_in_link": f"{site_root}{reverse('login')}",
        "expires_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
        "invited_by": invited_by,
    }
    subject = " ".join(render_to_string("emails/invitation_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/invitation_body.txt", context),
        to=[user.email],
    )
    html = render_to_string("emails/invitation_body.html", context)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("The invitation to %s could not be sent", user.get_username())
        return False
    return True


def _invitation_queue(*, actor: Any, member: Member, request: HttpRequest | None) -> None:
    """Send the invitation once the account is committed, never for a rolled-back one."""
    if member.user_id is None:
        raise ValidationError(f"{member.full_name} has no login to be invited to")
    own = getattr(actor, "member", None)
    # With no name the email says "The governance secretary".
    invited_by = own.full_name if own is not None else ""
    audit_record(
        actor=actor,
        action="member.invitation_sent",
        obj=member,
        detail={"to": member.email},
        request=request,
    )
    transaction.on_commit(
        partial(
            invitation_deliver,
            user_pk=member.user_id,
            site_root=_site_root(request),
            invited_by=invited_by,
        )
    )


@transaction.atomic
def member_invitation_resend(
    *, actor: Any, member: Member, request: HttpRequest | None = None
) -> None:
    """A fresh link for someone who has never signed in; earlier links stop working."""
    user = member.user
    if user is None:
        raise ValidationError(f"{member.full_name} has no login: give them one first")
    if user.last_login is not None:
        raise ValidationError(
            f"{member.full_name} has already signed in. If they have forgotten their password "
            "they can reset it from the sign-in page"
        )
    if not user.is_active or not member.is_active:
        raise ValidationError(f"{member.full_name} cannot sign in, so they cannot be invited")
    if not member.email:
        raise ValidationError(f"Add {member.full_name}'s email address first")
    if not user.has_usable_password():
        # A new random unusable password changes the token's hash: older links die.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if user.email != member.email:
        user.email = member.email
        user.save(update_fields=["email"])
    _invitation_queue(actor=actor, member=member, request=request)


# --- Adding and changing ------------------------------------------------------------------


@transaction.atomic
def member_create(
    *,
    actor: Any,
    person: PersonData,
    login: LoginData | None = None,
    request: HttpRequest | None = None,
) -> Member:
    """Add a person; with ``login``, give them a login and email an invitation."""
    member = Member()
    _apply_person(member, person)
    member.is_active = True
    errors = _member_errors(member)
    if login is not None:
        errors = _new_login_errors(actor=actor, member=member, login=login) | errors
    _raise_if(errors)
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
        _login_create(actor=actor, member=member, login=login, request=request)
        _invitation_queue(actor=actor, member=member, request=request)
    return member


def _login_change_errors(
    *, actor: Any, member: Member, user: User, login: LoginData, held: set[str]
) -> dict[str, str]:
    login_changes = (
        user.username != login.username.strip()
        or user.is_active != login.is_active
        or held != set(login.roles)
    )
    if user.is_superuser and login_changes and not _is_superuser(actor):
        return {"username": "Only a system administrator can change a system administrator's login"}
    errors = _username_errors(login.username.strip(), user)
    errors |= _role_errors(actor=actor, held=held, wanted=set(login.roles))
    if _same_person(actor, member) and not login.is_active:
        errors["can_sign_in"] = "You cannot stop yourself signing in: ask another secretary"
    privileged = set(login.roles) & _PRIVILEGED_NAMES
    if not user.is_active and login.is_active and privileged and not _is_superuser(actor):
        # Re-opening a dormant login would hand its powers back without an administrator.
        errors["can_sign_in"] = (
            f"{member.full_name} holds {_role_list(privileged)}: only a system administrator "
            "can let them sign in again"
        )
    return errors


@transaction.atomic
def member_update(
    *,
    actor: Any,
    member: Member,
    person: PersonData,
    login: LoginData | None = None,
    request: HttpRequest | None = None,
) -> Member:
    """Change a person's record and login.

    ``login`` changes an existing login, or gives the person one (with an
    invitation) if they have none. ``None`` leaves any login as it is.
    """
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    user = member.user
    changed = _apply_person(member, person)
    errors = _member_errors(member)
    if _same_person(actor, member) and not member.is_active:
        errors["is_active"] = "You cannot make your own record inactive: ask another secretary"
    held = roles_held(user)
    if login is not None and user is not None:
        errors = (
            _login_change_errors(actor=actor, member=member, user=user, login=login, held=held)
            | errors
        )
    elif login is not None:
        errors = _new_login_errors(actor=actor, member=member, login=login) | errors
    _raise_if(errors)
    member.full_clean(validate_constraints=False)

    user_changes: dict[str, list[Any]] = {}
    if user is not None:
        wanted: dict[str, Any] = {
            "email": member.email,
            "first_name": member.first_name[:150],
            "last_name": member.last_name[:150],
        }
        if login is not None:
            wanted |= {"username": login.username.strip(), "is_active": login.is_active}
        for name, value in wanted.items():
            if getattr(user, name) != value:
                user_changes[name] = [getattr(user, name), value]
                setattr(user, name, value)
        user.full_clean()
    member.save()
    if user is not None and user_changes:
        user.save()
    role_changes: dict[str, list[str]] = {}
    if login is not None and user is not None:
        role_changes = _set_roles(user, set(login.roles))
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
        _login_create(actor=actor, member=member, login=login, request=request)
        _invitation_queue(actor=actor, member=member, request=request)
    if any(name in changed for name in _RECUSAL_FIELDS) or "is_active" in user_changes:
        member_recusal_sync(member)
    return member


# --- Leaving ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Departure:
    member: Member
    memberships_ended: int


@transaction.atomic
def _leave_panels(actor: Any, member: Member, left_on: datetime.date) -> None:
    """A leaver is formally taken off every evaluation panel they are still on."""
    from procurements.models import PanelMember
    from procurements.services.panels import evaluator_remove

    places = PanelMember.objects.filter(member=member).exclude(status=PanelMember.Status.REMOVED)
    for place in places.select_related("lot"):
        evaluator_remove(
            actor=actor, place=place, reason=f"Left the organisation on {left_on:%-d %B %Y}"
        )


def member_leave(
    *,
    actor: Any,
    member: Member,
    left_on: datetime.date,
    request: HttpRequest | None = None,
) -> Departure:
    """Record that someone has left: inactive, no login, committee places ended on ``left_on``.

    Nothing is deleted. Their register entries stay (the published register
    keeps ended interests for six months by its own rules); their roles stay
    on the login for the record, but an inactive login has no permissions and
    cannot sign in, and any session they have ends at their next request.
    """
    from meetings.models import CommitteeMembership
    from meetings.services.committees import membership_end

    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    if _same_person(actor, member):
        raise ValidationError("You cannot record that you have left: ask another secretary")
    if member.user is not None and member.user.is_superuser and not _is_superuser(actor):
        raise ValidationError(
            "Only a system administrator can record that a system administrator has left"
        )
    if not member.is_active and (member.user is None or not member.user.is_active):
        raise ValidationError(f"{member.full_name} is already recorded as having left")
    if left_on > timezone.localdate():
        raise ValidationError(
            {
                "left_on": (
                    "The date they left must be today or in the past: record it on the day "
                    "they leave"
                )
            }
        )
    memberships = list(
        CommitteeMembership.objects.filter(member=member, end_date__isnull=True)
        .select_related("committee")
        .order_by("committee__name")
    )
    for membership in memberships:
        # A place due to start after they left never took effect: end it on its first day.
        end = max(left_on, membership.start_date) if membership.start_date else left_on
        membership_end(actor=actor, membership=membership, end_date=end)
    _leave_panels(actor, member, left_on)
    member.is_active = False
    member.save(update_fields=["is_active", "updated_at"])
    if member.user is not None and member.user.is_active:
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="member.left",
        obj=member,
        detail={
            "left_on": left_on.isoformat(),
            "committee_places_ended": [m.committee.name for m in memberships],
            "roles_held": sorted(roles_held(member.user)),
        },
        request=request,
    )
    member_recusal_sync(member)
    return Departure(member=member, memberships_ended=len(memberships))
