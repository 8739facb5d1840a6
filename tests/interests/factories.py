"""Factories for people (and, as the register grows, their interests)."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

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


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interests.Organisation"

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "gp_practice"
    is_active = True


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interests.OrganisationRelationship"

    source = factory.SubFactory(OrganisationFactory)
    target = factory.SubFactory(OrganisationFactory, kind="gp_federation")
    kind = "member_of"


class InterestFactory(factory.django.DjangoModelFactory):
    """A declared (submitted) financial interest, current since 2020."""

    class Meta:
        model = "interests.Interest"

    declarant = factory.SubFactory(MemberFactory)
    category = "financial"
    organisation = factory.SubFactory(OrganisationFactory)
    nature = "partner"
    description = "Partner in the practice"
    start_date = datetime.date(2020, 4, 1)
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)
