"""Races on real PostgreSQL: two callers released together by a barrier, each on its own
connection. Nothing is lost, duplicated or wrongly granted, and nobody gets a server error."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import StaleEdit
from core.models import AuditEvent
from interests.models import Interest
from interests.services import declarations
from interests.services.declarations import Publication
from meetings.models import AgendaItem
from meetings.services.agenda import item_save
from meetings.services.meetings import meeting_create
from tests.interests.factories import InterestFactory, MemberFactory
from tests.meetings.factories import CommitteeFactory
from tests.reliability.racing import failures, race

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 4


def correct(interest_pk: int, text: str) -> Any:
    interest = Interest.objects.get(pk=interest_pk)
    return lambda: declarations.interest_correct(
        interest=interest,
        member=interest.declarant,
        fields={"description": text},
        reason="Wrong practice",
        actor=interest.declarant.user,
    )


def review(interest_pk: int, reviewer: Any) -> Any:
    interest = Interest.objects.get(pk=interest_pk)
    return lambda: declarations.interest_review(
        interest=interest, reviewer=reviewer, action_taken="Leaves the room"
    )


def test_a_review_read_before_a_correction_never_reverts_it(secretary: Any) -> None:
    """The measured interleaving (12 of 12 before): the reviewer's row predates the correction."""
    interest = InterestFactory(description="Partner at Riverside")
    stale = Interest.objects.get(pk=interest.pk)
    correct(interest.pk, "Partner at Hillview")()

    with pytest.raises(StaleEdit):
        declarations.interest_review(
            interest=stale, reviewer=secretary.user, action_taken="Leaves the room"
        )

    interest.refresh_from_db()
    assert interest.description == "Partner at Hillview"
    assert interest.status == Interest.Status.SUBMITTED
    assert not AuditEvent.objects.filter(action="interest.reviewed").exists()


def test_a_review_racing_a_correction_keeps_the_correction_unreviewed(secretary: Any) -> None:
    for round_ in range(ROUNDS):
        interest = InterestFactory(description="Partner at Riverside")
        outcomes = race(
            review(interest.pk, secretary.user), correct(interest.pk, f"Corrected {round_}")
        )
        assert all(isinstance(e, StaleEdit) for e in failures(outcomes)), outcomes
        interest.refresh_from_db()
        assert interest.description == f"Corrected {round_}"
        # Either the review came first and the correction sent it back for review, or the
        # review was refused: never a correction marked reviewed unread.
        assert interest.status == Interest.Status.SUBMITTED


def submit(interest_pk: int) -> Any:
    interest = Interest.objects.get(pk=interest_pk)
    return lambda: declarations.interest_submit(
        interest=interest,
        member=interest.declarant,
        actor=interest.declarant.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
    )


def test_a_draft_submitted_from_two_tabs_is_submitted_once() -> None:
    for _ in range(ROUNDS):
        draft = InterestFactory(status=Interest.Status.DRAFT, submitted_at=None)
        outcomes = race(submit(draft.pk), submit(draft.pk))
        assert len(failures(outcomes)) == 1
        assert isinstance(failures(outcomes)[0], ValidationError)
        events = AuditEvent.objects.filter(action="interest.submitted", object_id=str(draft.pk))
        assert events.count() == 1
        versions = draft.history.filter(status=Interest.Status.SUBMITTED)
        assert versions.count() == 1


def test_two_items_added_at_once_both_land_in_order(secretary: Any) -> None:
    meeting = meeting_create(
        actor=secretary.user,
        committee=CommitteeFactory(),
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=14),
    )
    standing = AgendaItem.objects.filter(meeting=meeting).count()
    for round_ in range(ROUNDS):
        outcomes = race(
            *(
                lambda n=n, round_=round_: item_save(
                    actor=secretary.user,
                    meeting=meeting,
                    title=f"Item {round_}.{n}",
                    purpose="information",
                    part="I",
                )
                for n in range(2)
            )
        )
        assert not failures(outcomes), outcomes
    positions = list(AgendaItem.objects.filter(meeting=meeting).values_list("position", flat=True))
    assert sorted(positions) == list(range(1, standing + 2 * ROUNDS + 1))


def test_two_people_with_the_same_login_at_once_get_a_message_not_an_error(
    secretary: Any,
) -> None:
    from interests.services.logins import LoginData
    from interests.services.people import PersonData, member_create

    for round_ in range(ROUNDS):

        def add(round_: int = round_) -> Any:
            return member_create(
                actor=secretary.user,
                person=PersonData(
                    title="Dr",
                    first_name="Sam",
                    last_name="Lee",
                    job_title="GP",
                    professional_role="gp",
                    email=f"sam.lee{round_}@example.nhs.uk",
                ),
                login=LoginData(
                    username=f"sam.lee{round_}", roles=frozenset({"Member"}), is_active=True
                ),
            )

        outcomes = race(add, add)
        errors = failures(outcomes)
        assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert MemberFactory._meta.model.objects.filter(last_name="Lee").count() == ROUNDS
