"""Reading the people on the register: the list the secretary searches, and one person's record.

The list page loads a page of people with their login, roles, current
committee places and latest declaration in a fixed number of queries,
whatever the number of people on the page.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from core.roles import Role
from interests import hooks
from interests.models import Declaration, Interest, Member

PEOPLE_PER_PAGE = 50
DECLARATION_WINDOW_DAYS = 365  # "in the last 12 months"
ROLE_ORDER = [
    role.value for role in (Role.MEMBER, Role.CHAIR, Role.SECRETARY, Role.GUARDIAN, Role.AUDITOR)
]


@dataclass(frozen=True)
class LastDeclaration:
    """Their latest statement to the register: an entry, a confirmation or a nil return."""

    made_at: datetime.datetime
    label: str  # "Declared an interest", "Confirmed their entries", "Nil return"

    def within(self, now: datetime.datetime) -> bool:
        return now - self.made_at <= datetime.timedelta(days=DECLARATION_WINDOW_DAYS)


@dataclass(frozen=True)
class PersonRow:
    member: Member
    roles: list[str]
    committees: list[str]
    last_declaration: LastDeclaration | None
    declared_recently: bool

    @property
    def has_login(self) -> bool:
        return self.member.user_id is not None


def _roles_of(user: User | None) -> list[str]:
    if user is None:
        return []
    names = {group.name for group in user.groups.all()}
    return [name for name in ROLE_ORDER if name in names]


def _latest(member: Member) -> LastDeclaration | None:
    candidates = []
    entry_at = getattr(member, "latest_entry_at", None)
    if entry_at is not None:
        candidates.append(LastDeclaration(entry_at, "Declared an interest"))
    statement_at = getattr(member, "latest_statement_at", None)
    if statement_at is not None:
        kind = getattr(member, "latest_statement_kind", "")
        label = "Nil return" if kind == Declaration.Kind.NIL_RETURN else "Confirmed their entries"
        candidates.append(LastDeclaration(statement_at, label))
    return max(candidates, key=lambda c: c.made_at, default=None)


def _with_register_facts(queryset: QuerySet[Member]) -> QuerySet[Member]:
    statements = Declaration.objects.filter(member=OuterRef("pk")).order_by("-made_at")
    entries = Interest.objects.filter(
        declarant=OuterRef("pk"), submitted_at__isnull=False
    ).order_by("-submitted_at")
    return (
        queryset.select_related("user")
        .annotate(
            latest_statement_at=Subquery(statements.values("made_at")[:1]),
            latest_statement_kind=Subquery(statements.values("kind")[:1]),
            latest_entry_at=Subquery(entries.values("submitted_at")[:1]),
        )
        .prefetch_related("user__groups")
    )


def person_row(member: Member, now: datetime.datetime, committees: list[str]) -> PersonRow:
    last = _latest(member)
    return PersonRow(
        member=member,
        roles=_roles_of(member.user),
        committees=committees,
        last_declaration=last,
        declared_recently=last is not None and last.within(now),
    )


def people_matching(
    *,
    search: str = "",
    professional_role: str = "",
    decision_maker: bool | None = None,
    active: bool | None = None,
    has_login: bool | None = None,
) -> QuerySet[Member]:
    people = Member.objects.all()
    for word in search.split()[:6]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(title__iexact=word)
            | Q(email__icontains=word)
        )
    if professional_role:
        people = people.filter(professional_role=professional_role)
    if decision_maker is not None:
        people = people.filter(is_decision_maker=decision_maker)
    if active is not None:
        people = people.filter(is_active=active)
    if has_login is not None:
        people = people.filter(user__isnull=not has_login)
    return people.order_by("last_name", "first_name", "pk")


def people_page(
    *,
    page: Any = None,
    search: str = "",
    professional_role: str = "",
    decision_maker: bool | None = None,
    active: bool | None = None,
    has_login: bool | None = None,
) -> tuple[Page[Any], list[PersonRow]]:
    """A page of people and their rows, in four queries (count, page, roles, committees)."""
    people = _with_register_facts(
        people_matching(
            search=search,
            professional_role=professional_role,
            decision_maker=decision_maker,
            active=active,
            has_login=has_login,
        )
    )
    current_page = Paginator(people, PEOPLE_PER_PAGE).get_page(page)
    members = list(current_page.object_list)
    places = hooks.committee_places([m.pk for m in members], timezone.localdate())
    now = timezone.now()
    return current_page, [person_row(m, now, places.get(m.pk, [])) for m in members]


@dataclass(frozen=True)
class PersonDetail:
    row: PersonRow
    register_entries: int
    # What the apps built on the register know of them: committee and panel places,
    # meetings they are listed for (interests.hooks.PersonSection).
    sections: list[hooks.PersonSection]

    @property
    def member(self) -> Member:
        return self.row.member

    @property
    def never_signed_in(self) -> bool:
        user = self.member.user
        return user is not None and user.last_login is None

    @property
    def can_sign_in(self) -> bool:
        user = self.member.user
        return user is not None and user.is_active

    @property
    def has_left(self) -> bool:
        return not self.member.is_active and not self.can_sign_in


def person_detail(member_pk: int, page: hooks.Page = "detail") -> PersonDetail | None:
    """One person's record, with the sections the other apps add to the given page."""
    member = _with_register_facts(Member.objects.filter(pk=member_pk)).first()
    if member is None:
        return None
    places = hooks.committee_places([member.pk], timezone.localdate())
    return PersonDetail(
        row=person_row(member, timezone.now(), places.get(member.pk, [])),
        register_entries=Interest.objects.declared().filter(declarant=member).count(),
        sections=hooks.person_sections(member, page),
    )


_USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


def username_suggest(email: str, *, exclude_user_pk: int | None = None) -> str:
    """A free username from the first part of an email address: j.smith, then j.smith2, ..."""
    local = email.strip().split("@", 1)[0].lower()
    base = _USERNAME_UNSAFE.sub("", local)[:140] or "user"
    taken_query = User.objects.filter(username__istartswith=base)
    if exclude_user_pk is not None:
        taken_query = taken_query.exclude(pk=exclude_user_pk)
    taken = {name.lower() for name in taken_query.values_list("username", flat=True)}
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"
