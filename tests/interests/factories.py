"""Factories for people (and, as the register grows, their interests)."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group, User

from interests.models import Member

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nhs.uk")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.groups.add(*Group.objects.filter(name__in=[str(r) for r in extracted]))
        if create:
            obj.save()


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    title = "Dr"
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    job_title = "GP member"
    professional_role = Member.ProfessionalRole.GP
    email = factory.LazyAttribute(
        lambda m: f"{m.first_name.lower()}.{m.last_name.lower()}@example.nhs.uk"
    )
    is_decision_maker = True
