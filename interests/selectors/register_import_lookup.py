"""What the rows of an uploaded register are checked against: members, organisations, entries.

Loaded once per preview, in a few queries, then looked up in memory.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from interests import import_values
from interests.models import Interest, Member, Organisation


def normal_name(value: str) -> str:
    return " ".join(value.split()).casefold()


OrganisationKey = tuple[str, int | str]
DuplicateKey = tuple[int, OrganisationKey, str, datetime.date | None]


def organisation_key(organisation_id: int | None, organisation_name: str) -> OrganisationKey:
    if organisation_id is not None:
        return ("id", organisation_id)
    return ("name", normal_name(organisation_name))


class RegisterLookup:
    """What the rows are checked against, loaded in a few queries."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Member]] = defaultdict(list)
        self.by_initial: dict[str, list[Member]] = defaultdict(list)
        self.by_email: dict[str, Member] = {}
        for member in Member.objects.order_by("last_name", "first_name", "pk"):
            self.by_name[import_values.person_name_key(member.full_name)].append(member)
            initial = import_values.person_initial_key(
                f"{member.first_name[:1]} {member.last_name}"
            )
            if initial:
                self.by_initial[initial].append(member)
            if member.email:
                self.by_email[member.email.casefold()] = member

        self.organisations: dict[int, str] = {}
        self.organisation_by_code: dict[str, int] = {}
        self.organisations_by_name: dict[str, list[int]] = defaultdict(list)
        for pk, name, code in Organisation.objects.values_list("pk", "name", "ods_code"):
            self.organisations[pk] = name
            if code:
                self.organisation_by_code[code.strip().upper()] = pk
            self.organisations_by_name[normal_name(name)].append(pk)

        self.existing: set[DuplicateKey] = {
            (declarant_id, organisation_key(org_id, org_name), category, start)
            for declarant_id, org_id, org_name, category, start in (
                Interest.objects.declared().values_list(
                    "declarant_id", "organisation_id", "organisation_name", "category", "start_date"
                )
            )
        }

    def member_find(self, name: str, email: str, role: str) -> Member:
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        candidates = self.by_name.get(import_values.person_name_key(name), [])
        if not candidates:
            initial = import_values.person_initial_key(name)
            candidates = self.by_initial.get(initial, []) if initial else []
        if not candidates:
            raise ValueError(
                f"No member is called “{name}”. Check the spelling, or add them as a member first."
            )
        if len(candidates) > 1 and role:
            same_role = [m for m in candidates if normal_name(m.job_title) == normal_name(role)]
            candidates = same_role or candidates
        if len(candidates) > 1:
            listed = "; ".join(f"{m.full_name} ({m.job_title})" for m in candidates)
            raise ValueError(
                f"More than one member matches “{name}”: {listed}. Add their email address "
                "in a column of its own to say which."
            )
        return candidates[0]
