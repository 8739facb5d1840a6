"""The governing body's register entries, nil returns and annual declarations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from ccg_governance.demo.organisations import (
    CHARITY,
    COMMUNITY_TRUST,
    FEDERATION,
    HOSPITAL_TRUST,
    REFUGE,
    SINGLE_HANDED,
    SOUTHFIELD_PRACTICES,
)
from interests.models import (
    Declaration,
    Interest,
    Member,
    Organisation,
)


@dataclass(frozen=True)
class DemoInterest:
    username: str
    organisation: str
    category: str
    nature: str
    description: str
    start: datetime.date
    end: datetime.date | None = None
    action: str = ""
    status: str = Interest.Status.REVIEWED
    indirect_type: str = ""
    relationship: str = ""
    related_name: str = ""
    withholding: str = Interest.Withholding.NONE
    withholding_reason: str = ""
    submitted_days_after_start: int | None = None


def _interests(today: datetime.date) -> list[DemoInterest]:
    fin, nfprof, nfpers, ind = (c.value for c in Interest.Category)
    leave = "Excluded from discussion and decisions on contracts for which the federation may bid."
    practice_partners = [
        ("chair", "Riverside Surgery"),
        ("gp.okafor", "Hillview Medical Centre"),
        ("gp.hughes", "Oakwood Practice"),
        ("gp.singh", "Millbrook Health Centre"),
    ]
    entries = [
        DemoInterest(
            username,
            practice,
            fin,
            Interest.Nature.PARTNER,
            f"GP partner at {practice}, a member practice of {FEDERATION}.",
            datetime.date(2012, 4, 1),
            action=leave,
        )
        for username, practice in practice_partners
    ]
    entries += [
        DemoInterest(
            username,
            practice,
            fin,
            Interest.Nature.PARTNER,
            f"GP partner at {practice}, in Southfield.",
            datetime.date(2014, 4, 1),
        )
        for username, practice in zip(
            ("reserve.north", "reserve.fenwick"), SOUTHFIELD_PRACTICES, strict=True
        )
    ]
    entries += [
        DemoInterest(
            "gp.clarke",
            SINGLE_HANDED,
            fin,
            Interest.Nature.OWNER,
            "Single-handed GP contractor; the practice is not a member of the federation.",
            datetime.date(2009, 10, 1),
            action="Declared at meetings on primary care contracts; no action needed otherwise.",
        ),
        DemoInterest(
            "gp.singh",
            FEDERATION,
            fin,
            Interest.Nature.DIRECTOR,
            "Non-executive director of the GP federation (unpaid; holds one share).",
            datetime.date(2016, 4, 1),
            action=leave,
        ),
        DemoInterest(
            "gp.okafor",
            COMMUNITY_TRUST,
            nfprof,
            Interest.Nature.CLINICAL_LEAD,
            "Clinical lead for diabetes (two sessions a month).",
            datetime.date(2019, 1, 1),
            end=today - datetime.timedelta(days=90),
            action="Did not take part in decisions on the community diabetes service.",
        ),
        DemoInterest(
            "lay.kaye",
            CHARITY,
            nfpers,
            Interest.Nature.TRUSTEE,
            "Trustee of the charity, which may bid to provide day services.",
            datetime.date(2018, 6, 1),
            action="Leaves the room for items about day services for older people.",
        ),
        DemoInterest(
            "nurse.wright",
            COMMUNITY_TRUST,
            ind,
            Interest.Nature.EMPLOYEE,
            "My husband is employed as a district nurse team leader by the trust.",
            datetime.date(2015, 9, 1),
            indirect_type=fin,
            relationship=Interest.Relationship.SPOUSE_OR_PARTNER,
            related_name="David Wright",
            action="May take part in discussion but not vote on community services contracts.",
        ),
        DemoInterest(
            "nurse.wright",
            REFUGE,
            nfpers,
            Interest.Nature.VOLUNTEER,
            "Volunteer at the refuge.",
            datetime.date(2020, 2, 1),
            withholding=Interest.Withholding.APPROVED,
            withholding_reason=(
                "Publishing this could reveal the refuge's staff and put residents at risk."
            ),
        ),
        DemoInterest(
            "doctor.lang",
            HOSPITAL_TRUST,
            fin,
            Interest.Nature.EMPLOYEE,
            "Consultant physician employed by the trust.",
            datetime.date(2008, 8, 1),
            action="Does not take part in decisions on the trust's contracts.",
        ),
        DemoInterest(
            "ao.carter",
            "Northfield Health and Wellbeing Board",
            nfprof,
            Interest.Nature.MEMBER,
            "Member of the Health and Wellbeing Board.",
            today - datetime.timedelta(days=70),
            status=Interest.Status.SUBMITTED,
            submitted_days_after_start=40,
        ),
        DemoInterest(
            "gp.hughes",
            "Oakwood Pharmacy Ltd",
            fin,
            Interest.Nature.SHAREHOLDER,
            "10% shareholding in the pharmacy next to the practice.",
            today - datetime.timedelta(days=20),
            status=Interest.Status.DRAFT,
        ),
    ]
    return entries


def _seed_interest(
    entry: DemoInterest,
    members: dict[str, Member],
    organisations: dict[str, Organisation],
    reviewer: User,
) -> None:
    member = members[entry.username]
    organisation = organisations.get(entry.organisation)
    if Interest.objects.filter(
        declarant=member,
        nature=entry.nature,
        start_date=entry.start,
        organisation=organisation,
        organisation_name="" if organisation else entry.organisation,
    ).exists():
        return
    now = timezone.now()
    submitted = None
    if entry.status != Interest.Status.DRAFT:
        days = entry.submitted_days_after_start
        submitted = (
            now
            if days is None
            else timezone.make_aware(
                datetime.datetime.combine(
                    entry.start + datetime.timedelta(days=days), datetime.time(10)
                )
            )
        )
    interest = Interest(
        declarant=member,
        category=entry.category,
        indirect_type=entry.indirect_type,
        related_person_relationship=entry.relationship,
        related_person_name=entry.related_name,
        organisation=organisation,
        organisation_name="" if organisation else entry.organisation,
        nature=entry.nature,
        description=entry.description,
        start_date=entry.start,
        end_date=entry.end,
        action_taken=entry.action,
        status=entry.status,
        submitted_at=submitted,
        reviewed_at=now if entry.status == Interest.Status.REVIEWED else None,
        reviewed_by=reviewer if entry.status == Interest.Status.REVIEWED else None,
        withholding=entry.withholding,
        withholding_reason=entry.withholding_reason,
    )
    if entry.withholding == Interest.Withholding.APPROVED:
        interest.withholding_decided_by = members["guardian"].user
        interest.withholding_decided_at = now
        interest.withholding_decision_note = "Approved: real risk of harm to residents."
    interest.full_clean()
    interest._change_reason = "Demo data"  # type: ignore[attr-defined]
    interest.save()


def seed_register(members: dict[str, Member], organisations: dict[str, Organisation]) -> None:
    today = timezone.localdate()
    reviewer = members["secretary"].user
    if reviewer is None:
        raise LookupError("The demo secretary has no login: run seed_people first")
    for entry in _interests(today):
        _seed_interest(entry, members, organisations, reviewer)
    for username in ("cfo.morgan", "guardian"):
        Declaration.objects.get_or_create(
            member=members[username],
            kind=Declaration.Kind.NIL_RETURN,
            campaign=None,
            defaults={"confirmed_complete": True, "acknowledged_duty_to_update": True},
        )
