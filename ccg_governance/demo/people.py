"""The governing body, the secretary and the auditor, with demo logins."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, User

from core.roles import Role
from interests.models import Member

# The demo's published password (seed_demo only, printed by `make run`).
DEMO_PASSWORD = "northfield-demo-2026"  # nosec B105

Pro = Member.ProfessionalRole


@dataclass(frozen=True)
class DemoPerson:
    username: str
    title: str
    first_name: str
    last_name: str
    job_title: str
    professional_role: str
    roles: tuple[Role, ...]
    is_decision_maker: bool = True
    affiliation: str = ""


GOVERNING_BODY: tuple[DemoPerson, ...] = (
    DemoPerson(
        "chair",
        "Dr",
        "Anita",
        "Patel",
        "Clinical Chair; GP partner, Riverside Surgery",
        Pro.GP,
        (Role.CHAIR, Role.MEMBER),
    ),
    DemoPerson(
        "gp.okafor",
        "Dr",
        "Ben",
        "Okafor",
        "GP member; GP partner, Hillview Medical Centre",
        Pro.GP,
        (Role.MEMBER,),
    ),
    DemoPerson(
        "gp.hughes",
        "Dr",
        "Claire",
        "Hughes",
        "GP member; GP partner, Oakwood Practice",
        Pro.GP,
        (Role.MEMBER,),
    ),
    DemoPerson(
        "gp.singh",
        "Dr",
        "David",
        "Singh",
        "GP member; GP partner, Millbrook Health Centre",
        Pro.GP,
        (Role.MEMBER,),
    ),
    DemoPerson(
        "gp.clarke",
        "Dr",
        "Emma",
        "Clarke",
        "GP member; GP, Moorside Surgery",
        Pro.GP,
        (Role.MEMBER,),
    ),
    DemoPerson(
        "guardian",
        "Mrs",
        "Margaret",
        "Holt",
        "Lay member for governance; Audit Committee chair; Conflicts of Interest Guardian",
        Pro.LAY,
        (Role.GUARDIAN, Role.MEMBER),
    ),
    DemoPerson(
        "lay.kaye",
        "Mr",
        "Robert",
        "Kaye",
        "Lay member for patient and public involvement; Vice-chair",
        Pro.LAY,
        (Role.CHAIR, Role.MEMBER),
    ),
    DemoPerson(
        "nurse.wright",
        "Mrs",
        "Susan",
        "Wright",
        "Registered nurse member",
        Pro.NURSE,
        (Role.MEMBER,),
    ),
    DemoPerson(
        "doctor.lang",
        "Dr",
        "Peter",
        "Lang",
        "Secondary care doctor member",
        Pro.SECONDARY_CARE,
        (Role.MEMBER,),
    ),
    DemoPerson(
        "cfo.morgan", "Mr", "James", "Morgan", "Chief Finance Officer", Pro.MANAGER, (Role.MEMBER,)
    ),
    DemoPerson(
        "ao.carter", "Ms", "Helen", "Carter", "Accountable Officer", Pro.MANAGER, (Role.MEMBER,)
    ),
    DemoPerson(
        "secretary",
        "Ms",
        "Sarah",
        "Bennett",
        "Head of Corporate Governance (board secretary)",
        Pro.MANAGER,
        (Role.SECRETARY,),
    ),
)

OTHERS: tuple[DemoPerson, ...] = (
    DemoPerson(
        "procurement.lead",
        "Mr",
        "Sam",
        "Adeyemi",
        "Head of Procurement",
        Pro.MANAGER,
        (Role.MEMBER,),
    ),
    DemoPerson(
        "auditor",
        "Mr",
        "Tom",
        "Reed",
        "Internal auditor, Northfield Audit Services",
        Pro.OTHER,
        (Role.AUDITOR,),
        is_decision_maker=False,
    ),
    DemoPerson(
        "reserve.north",
        "Dr",
        "Nia",
        "North",
        "GP, Southfield CCG (reserve list)",
        Pro.GP,
        (Role.MEMBER,),
        affiliation="Southfield CCG",
    ),
    DemoPerson(
        "reserve.fenwick",
        "Dr",
        "Oliver",
        "Fenwick",
        "GP, Southfield CCG (reserve list)",
        Pro.GP,
        (Role.MEMBER,),
        affiliation="Southfield CCG",
    ),
)


def _email(person: DemoPerson) -> str:
    return f"{person.username}@northfield-ccg.example"


def ensure_person(person: DemoPerson) -> Member:
    user, created = User.objects.get_or_create(
        username=person.username,
        defaults={
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": _email(person),
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(*Group.objects.filter(name__in=[role.value for role in person.roles]))
    member, _ = Member.objects.get_or_create(
        user=user,
        defaults={
            "title": person.title,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "job_title": person.job_title,
            "professional_role": person.professional_role,
            "email": _email(person),
            "is_decision_maker": person.is_decision_maker,
            "affiliation": person.affiliation,
        },
    )
    return member


def seed_people() -> dict[str, Member]:
    return {person.username: ensure_person(person) for person in (*GOVERNING_BODY, *OTHERS)}


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, who, roles) for every demo login, for printing."""
    return [
        (
            p.username,
            f"{p.title} {p.first_name} {p.last_name}".strip(),
            ", ".join(role.value for role in p.roles),
        )
        for p in (*GOVERNING_BODY, *OTHERS)
    ]
