"""Decision-making staff: GPs, nurses, lay members, managers; logins for committee members."""

from __future__ import annotations

import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from core.roles import Role
from interests.models import Member

Pro = Member.ProfessionalRole
FIRST: tuple[str, ...] = (
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Emma",
    "Farid",
    "Grace",
    "Hassan",
    "Isla",
    "James",
)
FIRST += ("Kiran", "Laura", "Mohammed", "Nia", "Oliver", "Priya", "Rachel", "Samir", "Tara")
LAST: tuple[str, ...] = (
    "Patel",
    "Okafor",
    "Hughes",
    "Singh",
    "Clarke",
    "Kaye",
    "Bennett",
    "North",
    "Fenwick",
)
LAST += ("Reed", "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Khan", "Ahmed", "Wood")
ROLES = [Pro.GP] * 40 + [Pro.NURSE] * 15 + [Pro.LAY] * 10 + [Pro.MANAGER] * 25
ROLES += [Pro.SECONDARY_CARE] * 5 + [Pro.OTHER] * 5
JOBS = {
    Pro.GP: "GP partner",
    Pro.NURSE: "Practice nurse",
    Pro.LAY: "Lay member",
    Pro.MANAGER: "Commissioning manager",
    Pro.SECONDARY_CARE: "Consultant",
    Pro.OTHER: "Programme lead",
}


def build_people(rng: random.Random, count: int) -> list[Member]:
    members = []
    for n in range(count):
        first, last, role = rng.choice(FIRST), rng.choice(LAST), rng.choice(ROLES)
        members.append(
            Member(
                title="Dr" if role in (Pro.GP, Pro.SECONDARY_CARE) else "",
                first_name=first,
                last_name=last,
                job_title=JOBS[role],
                professional_role=role,
                email=f"{first}.{last}.{n}@scale.nhs.example".lower(),
                is_decision_maker=rng.random() < 0.8,
                is_active=rng.random() > 0.03,
            )
        )
    Member.objects.bulk_create(members, batch_size=2000)
    return members


def give_logins(members: list[Member]) -> None:
    """Logins (no usable password) for the given people, as members; permissions need a login."""
    password = make_password(None)
    users = [
        User(username=f"scale{m.pk}", email=m.email, password=password, is_active=m.is_active)
        for m in members
    ]
    User.objects.bulk_create(users, batch_size=2000)
    for member, user in zip(members, users, strict=True):
        member.user = user
    Member.objects.bulk_update(members, ["user"], batch_size=2000)
    group = Group.objects.get(name=Role.MEMBER.value)
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=5000
    )
