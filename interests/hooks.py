"""How the register reaches the apps built on it without importing them.

The register (people, organisations, interests, gifts) is the lowest app: meetings
and procurements stand on it, and it never imports them, not even inside a
function (``make lint`` fails if it does). Where a change here must cause work up
there, or a page here shows what they know about a person, the app above
registers an implementation of one of these hooks in its ``AppConfig.ready()``:

``RegisterListener`` (meetings and procurements each register one)
    Told, inside the caller's transaction, that a declared interest, the
    organisation network or a person changed, so that verdicts and the paper,
    minute and bid-document permissions change in the same commit: access never
    lags a declaration. Also asked to end a leaver's places.
``CommitteeDirectory`` (meetings registers it)
    The committee places people hold: "current positions held" on the
    registers, the people list, and the registers' committee filter.
``PersonSectionProvider`` (meetings and procurements)
    A block of a person's page: committee, reserve and panel places; the
    meetings a leaver is still listed for.

With nothing registered (the register on its own) every notification does
nothing, nobody holds a committee place and a person's page has no sections.
The services call the ``notify_*`` functions; nothing else touches the registry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from core.publication import REGISTER_OF_INTERESTS, publication_changed

if TYPE_CHECKING:
    from interests.models import Interest, Member


@dataclass(frozen=True)
class PlaceEnded:
    """A place a leaver held that ended when they left."""

    kind: str  # "committee", "evaluation panel"
    name: str

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class RegisterListener(Protocol):
    """An app whose verdicts or permissions depend on the register."""

    def interest_changed(self, interest: Interest) -> None:
        """A declared interest was declared, corrected, ended, reviewed or relinked."""

    def network_changed(self, organisation_ids: Collection[int] | None) -> None:
        """A relationship between organisations was added, changed or ended, or imported,
        or an organisation renamed. ``organisation_ids``: the organisations at either end of
        each changed relationship and those renamed, so only what they reach is re-checked
        (``recusal.network.organisations_touched``); ``None``: anything may have changed."""

    def member_changed(self, member: Member) -> None:
        """The person's professional role, decision-maker status or an active flag changed."""

    def member_leaving(
        self, *, actor: Any, member: Member, left_on: datetime.date
    ) -> Sequence[PlaceEnded]:
        """End the leaver's places in this app on ``left_on``; say which ended."""


class CommitteeDirectory(Protocol):
    """Who sits on which committee (meetings owns committees)."""

    def places(self, member_ids: Collection[int], day: datetime.date) -> Mapping[int, list[str]]:
        """Each member's committee places on the day, as "Governing Body (chair)", by name."""

    def choices(self) -> Sequence[tuple[int, str]]:
        """Every committee, for a filter: (id, name)."""

    def member_ids(self, committee_id: int) -> Collection[int]:
        """Everyone who has ever sat on the committee."""

    def place_add(
        self, *, actor: Any, member: Member, committee_id: int, role: str, start_date: datetime.date
    ) -> bool:
        """Seat the member ("member", "chair" or "vice_chair") unless they already sit there;
        say whether a place was added. Raises ``ValidationError`` when it cannot be."""


Page = Literal["detail", "leave"]


@dataclass(frozen=True)
class PersonSection:
    """A block of a person's page, rendered from another app's template."""

    template_name: str
    context: Mapping[str, Any] = field(default_factory=dict)


PersonSectionProvider = Callable[["Member", Page], "PersonSection | None"]


@dataclass
class _Registry:
    listeners: list[RegisterListener] = field(default_factory=list)
    committees: CommitteeDirectory | None = None
    person_sections: list[PersonSectionProvider] = field(default_factory=list)


_registry = _Registry()


def register_listener(listener: RegisterListener) -> None:
    if listener not in _registry.listeners:
        _registry.listeners.append(listener)


def register_committee_directory(directory: CommitteeDirectory) -> None:
    _registry.committees = directory


def register_person_section(provider: PersonSectionProvider) -> None:
    if provider not in _registry.person_sections:
        _registry.person_sections.append(provider)


def registered_listeners() -> tuple[RegisterListener, ...]:
    return tuple(_registry.listeners)


# --- What the register's services and selectors call --------------------------------------


# Each also marks the published register changed (core.publication), last, so the row it
# updates is locked for as short a time as the transaction allows.


def notify_interest_changed(interest: Interest) -> None:
    for listener in _registry.listeners:
        listener.interest_changed(interest)
    publication_changed(REGISTER_OF_INTERESTS)


def notify_network_changed(organisation_ids: Collection[int] | None = None) -> None:
    for listener in _registry.listeners:
        listener.network_changed(None if organisation_ids is None else frozenset(organisation_ids))
    publication_changed(REGISTER_OF_INTERESTS)


def notify_register_imported() -> None:
    """Many entries arrived at once (an import): the apps recompute everything that depends
    on the register once, as they do after a change to the network."""
    for listener in _registry.listeners:
        listener.network_changed(None)
    publication_changed(REGISTER_OF_INTERESTS)


def notify_member_changed(member: Member) -> None:
    for listener in _registry.listeners:
        listener.member_changed(member)
    publication_changed(REGISTER_OF_INTERESTS)


def end_places_of_leaver(*, actor: Any, member: Member, left_on: datetime.date) -> list[PlaceEnded]:
    ended: list[PlaceEnded] = []
    for listener in _registry.listeners:
        ended.extend(listener.member_leaving(actor=actor, member=member, left_on=left_on))
    return ended


def committee_places(member_ids: Collection[int], day: datetime.date) -> Mapping[int, list[str]]:
    if _registry.committees is None:
        return {}
    return _registry.committees.places(member_ids, day)


def committee_choices() -> Sequence[tuple[int, str]]:
    return _registry.committees.choices() if _registry.committees is not None else ()


def committee_member_ids(committee_id: int) -> Collection[int]:
    if _registry.committees is None:
        return ()
    return _registry.committees.member_ids(committee_id)


def committee_place_add(
    *, actor: Any, member: Member, committee_id: int, role: str, start_date: datetime.date
) -> bool:
    if _registry.committees is None:
        return False
    return _registry.committees.place_add(
        actor=actor, member=member, committee_id=committee_id, role=role, start_date=start_date
    )


def person_sections(member: Member, page: Page) -> list[PersonSection]:
    sections = (provider(member, page) for provider in _registry.person_sections)
    return [section for section in sections if section is not None]
