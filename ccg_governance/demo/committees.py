"""The demo governing body and who sits on it."""

from __future__ import annotations

import datetime

from ccg_governance.demo.organisations import GOVERNING_BODY
from ccg_governance.demo.people import GOVERNING_BODY as GOVERNING_BODY_PEOPLE
from interests.models import Member
from meetings.models import Committee, CommitteeMembership


def seed_governing_body(members: dict[str, Member]) -> Committee:
    committee, _ = Committee.objects.get_or_create(
        name=GOVERNING_BODY,
        defaults={"description": "Takes the CCG's commissioning and procurement decisions."},
    )
    roles = {
        "chair": CommitteeMembership.Role.CHAIR,
        "lay.kaye": CommitteeMembership.Role.VICE_CHAIR,
    }
    non_voting = {"secretary"}
    for username in (p.username for p in GOVERNING_BODY_PEOPLE):
        member = members[username]
        if username == "secretary":
            continue
        CommitteeMembership.objects.get_or_create(
            committee=committee,
            member=member,
            defaults={
                "role": roles.get(username, CommitteeMembership.Role.MEMBER),
                "is_voting": username not in non_voting,
                "start_date": datetime.date(2020, 4, 1),
            },
        )
    return committee
