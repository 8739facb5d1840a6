"""Forms for the people screens: search, add or change a person and their login, leavers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone

from core.concurrency import VERSION_FIELD, VersionedForm
from core.forms import ChoiceHintsRadioSelect, NhsDateField
from core.roles import Role
from interests.models import Member
from interests.selectors.people import username_suggest
from interests.services.logins import ALL_ROLES, PRIVILEGED_ROLES, LoginData, roles_held
from interests.services.people import PersonData, member_version

YES_NO_ANY = [("", "Either"), ("yes", "Yes"), ("no", "No")]
_YES_NO = {"yes": True, "no": False}

ROLE_HINTS = {
    Role.MEMBER.value: (
        "Declares their own interests, gifts and hospitality, and sees their meetings"
    ),
    Role.CHAIR.value: (
        "Reads the registers and records declarations, the chair's decisions and minutes "
        "at meetings"
    ),
    Role.SECRETARY.value: (
        "Keeps the registers, the people, committees, meetings and procurements"
    ),
    Role.GUARDIAN.value: (
        "Reviews register entries and approves withholding an entry from publication"
    ),
    Role.AUDITOR.value: "Reads every register, paper and minute, and the audit trail",
}

PROFESSIONAL_ROLE_HINTS = {
    Member.ProfessionalRole.GP.value: "Counts as a GP towards a committee's quorum",
    Member.ProfessionalRole.LAY.value: "Counts as a lay member towards a committee's quorum",
}

DECISION_MAKER_HINTS = {
    "yes": (
        "Governing body and committee members, senior staff, and anyone taking part in "
        "commissioning or procurement decisions. They must declare their interests at least "
        "once a year, and their register entries are published"
    ),
    "no": "Their register entries are kept in the full register but not published",
}


def _max_length_message(label: str, limit: int) -> dict[str, str]:
    return {"max_length": f"{label} must be {limit} characters or fewer"}


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or email",
        required=False,
        max_length=100,
        help_text="Part of their name or email address",
    )
    professional_role = forms.ChoiceField(
        label="Professional role",
        required=False,
        choices=[("", "Any role"), *Member.ProfessionalRole.choices],
        help_text="Show only one professional role",
    )
    decision_maker = forms.ChoiceField(
        label="Decision-maker",
        required=False,
        choices=YES_NO_ANY,
        help_text="Decision-makers must declare and are published",
    )
    active = forms.ChoiceField(
        label="Active",
        required=False,
        choices=YES_NO_ANY,
        help_text="People who have left are inactive",
    )
    login = forms.ChoiceField(
        label="Has a login",
        required=False,
        choices=YES_NO_ANY,
        help_text="Whether they can be given access to sign in",
    )

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; no filters when the form is not valid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "professional_role": data["professional_role"],
            "decision_maker": _YES_NO.get(data["decision_maker"]),
            "active": _YES_NO.get(data["active"]),
            "has_login": _YES_NO.get(data["login"]),
        }


@dataclass(frozen=True)
class RoleOption:
    """One role checkbox, as the roles partial draws it."""

    value: str
    label: str
    hint: str
    checked: bool
    disabled: bool


class PersonForm(VersionedForm):
    """A person's record and, optionally, their login.

    ``actor`` decides which roles can be changed: a system administrator may
    change them all; anyone else only Member and Chair (the rest show,
    disabled, as they are). The service refuses the rest again.
    """

    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=20,
        help_text="For example Dr, Mrs, Mr or Mx",
        error_messages=_max_length_message("Title", 20),
    )
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        help_text="As it should appear on the register",
        error_messages={
            "required": "Enter their first name",
            **_max_length_message("First name", 100),
        },
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        help_text="As it should appear on the register",
        error_messages={
            "required": "Enter their last name",
            **_max_length_message("Last name", 100),
        },
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        help_text=(
            "The position they hold, as published, for example GP member of the governing body"
        ),
        error_messages={
            "required": "Enter their job title",
            **_max_length_message("Job title", 200),
        },
    )
    professional_role = forms.ChoiceField(
        label="Professional role",
        choices=Member.ProfessionalRole.choices,
        widget=ChoiceHintsRadioSelect(choice_hints=PROFESSIONAL_ROLE_HINTS),
        help_text="Committees' quorum rules count people by professional role",
        error_messages={"required": "Select their professional role"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        help_text=(
            "Needed for a login: the invitation to choose a password is sent here. "
            "No two people can share an address"
        ),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            **_max_length_message("Email address", 254),
        },
    )
    affiliation = forms.CharField(
        label="Organisation they come from (optional)",
        required=False,
        max_length=200,
        help_text="The organisation they come from, if not this one, e.g. Southfield CCG",
        error_messages=_max_length_message("Organisation they come from", 200),
    )
    is_decision_maker = forms.ChoiceField(
        label="Are they a decision-maker?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=ChoiceHintsRadioSelect(choice_hints=DECISION_MAKER_HINTS),
        help_text="Decision-makers must declare their interests, and their entries are published",
        error_messages={"required": "Select whether they are a decision-maker"},
    )
    is_active = forms.BooleanField(
        label="Active on the register",
        required=False,
        help_text=(
            "Untick only to correct a mistake. When someone leaves, use Record that they have "
            "left instead: it also ends their committee places and their login"
        ),
    )
    give_login = forms.BooleanField(
        label="Give them a login",
        required=False,
        help_text="They will be emailed a link to choose a password and sign in",
    )
    can_sign_in = forms.BooleanField(
        label="They can sign in",
        required=False,
        help_text="Untick to stop them signing in. Their record and roles are kept",
    )
    username = forms.CharField(
        label="Username",
        required=False,
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Leave empty to use the first part of their email address, for example n.north",
        error_messages={
            "invalid": "A username can only contain letters, numbers and the characters @ . + - _",
            **_max_length_message("Username", 150),
        },
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        required=False,
        choices=[(role.value, role.value) for role in ALL_ROLES],
        widget=forms.CheckboxSelectMultiple,
        help_text="What they may do once signed in",
        error_messages={"invalid_choice": "Select roles from the list"},
    )

    def __init__(self, *args: Any, actor: Any, member: Member | None = None, **kwargs: Any):
        self.actor = actor
        self.member = member
        self.user = member.user if member is not None else None
        self.held_roles = roles_held(self.user)
        self.locked_roles = (
            set() if getattr(actor, "is_superuser", False) else {r.value for r in PRIVILEGED_ROLES}
        )
        if member is not None and "initial" not in kwargs:
            kwargs["initial"] = self._initial_for(member)
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("is_decision_maker", "yes")
        initial.setdefault("roles", [Role.MEMBER.value])
        super().__init__(*args, **kwargs)
        if member is None:
            del self.fields["is_active"]
        if self.user is None:
            del self.fields["can_sign_in"]
        else:
            del self.fields["give_login"]
            self.fields["username"].help_text = "What they type to sign in"
            self.fields["username"].error_messages["required"] = "Enter their username"

    def _initial_for(self, member: Member) -> dict[str, Any]:
        initial = {
            name: getattr(member, name)
            for name in (
                "title",
                "first_name",
                "last_name",
                "job_title",
                "professional_role",
                "email",
                "affiliation",
                "is_active",
            )
        }
        initial["is_decision_maker"] = "yes" if member.is_decision_maker else "no"
        initial[VERSION_FIELD] = member_version(member)
        if self.user is not None:
            initial |= {
                "username": self.user.get_username(),
                "can_sign_in": self.user.is_active,
                "roles": sorted(self.held_roles),
            }
        return initial

    @property
    def has_login(self) -> bool:
        return self.user is not None

    def role_options(self) -> list[RoleOption]:
        if self.is_bound and hasattr(self.data, "getlist"):
            chosen = set(self.data.getlist(self.add_prefix("roles")))
        elif self.is_bound:
            chosen = set(self.data.get(self.add_prefix("roles")) or [])
        else:
            chosen = set(self.initial.get("roles") or [])
        options = []
        for role in ALL_ROLES:
            locked = role.value in self.locked_roles
            checked = role.value in self.held_roles if locked else role.value in chosen
            options.append(
                RoleOption(role.value, role.value, ROLE_HINTS[role.value], checked, locked)
            )
        return options

    @property
    def locked_roles_text(self) -> str:
        """Why some boxes cannot be ticked, and what those roles do."""
        described = "; ".join(
            f"{role.value}: {ROLE_HINTS[role.value][0].lower()}{ROLE_HINTS[role.value][1:]}"
            for role in ALL_ROLES
            if role.value in self.locked_roles
        )
        return f"Only a system administrator can give or take away these roles ({described})"

    def wants_login(self) -> bool:
        return self.has_login or bool(self.cleaned_data.get("give_login"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.wants_login():
            return data
        roles = set(data.get("roles") or [])
        # Locked roles are drawn disabled, so browsers do not send them: keep what is held.
        asked = roles & self.locked_roles
        for name in sorted(asked - self.held_roles):
            self.add_error("roles", f"Only a system administrator can give someone the {name} role")
        data["roles"] = sorted((roles - self.locked_roles) | (self.held_roles & self.locked_roles))
        username = (data.get("username") or "").strip()
        if not username and "username" not in self.errors:
            if self.has_login:
                self.add_error("username", "Enter their username")
            elif data.get("email"):
                data["username"] = username_suggest(data["email"])
            elif "email" not in self.errors:
                self.add_error(
                    "email",
                    "Enter their email address: the invitation to choose a password is sent there",
                )
        return data

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            title=data["title"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data["job_title"],
            professional_role=data["professional_role"],
            email=data["email"],
            affiliation=data["affiliation"],
            is_decision_maker=data["is_decision_maker"] == "yes",
            is_active=data.get("is_active", True) if self.member is not None else True,
        )

    def login_data(self) -> LoginData | None:
        if not self.wants_login():
            return None
        data = self.cleaned_data
        return LoginData(
            username=data["username"].strip(),
            roles=frozenset(data["roles"]),
            is_active=data.get("can_sign_in", True) if self.has_login else True,
        )


class LeaverForm(forms.Form):
    left_on = NhsDateField(
        label="Date they left",
        help_text=(
            "Their last day, for example 31 3 2026. Their committee places end on this date"
        ),
        error_messages={"required": "Enter the date they left"},
    )

    def clean_left_on(self) -> datetime.date:
        left_on: datetime.date = self.cleaned_data["left_on"]
        if left_on > timezone.localdate():
            raise forms.ValidationError(
                "The date they left must be today or in the past: record it on the day they leave"
            )
        return left_on
