"""Factories for committees, meetings and agendas."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from tests.interests.factories import MemberFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Committee"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Committee {n}")
    quorum_minimum_voting = 1


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.CommitteeMembership"

    committee = factory.SubFactory(CommitteeFactory)
    member = factory.SubFactory(MemberFactory)
    role = "member"
    is_voting = True
    start_date = datetime.date(2020, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    location = "Board room, Northfield House"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Attendance"

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    kind = "member"
    is_voting = True


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 2)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    purpose = "decision"
    part = "I"
