"""People who leave: a leaving date; their entries stay on the published register for six
months after it, then leave it; their records are kept six years, after which the secretary
is offered a reviewed list to delete from (nothing automatic, every deletion audited)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from interests.models import Declaration, GiftOrHospitality, Interest, Member
from interests.selectors.register import positions_held, published_entries, register_entries
from interests.selectors.retention import deletion_list, leavers_between, years_after
from interests.services.leavers import member_leave
from interests.services.people import PersonData, member_update
from interests.services.retention import retention_delete
from tests.conftest import login
from tests.interests.factories import InterestFactory, MemberFactory

TODAY = timezone.localdate()


def _person(member: Member, **changes: Any) -> PersonData:
    values = {
        name: getattr(member, name)
        for name in (
            "title",
            "first_name",
            "last_name",
            "job_title",
            "professional_role",
            "email",
            "affiliation",
            "is_decision_maker",
            "is_active",
        )
    }
    return PersonData(**(values | changes))


def test_recording_a_leaver_keeps_the_date_and_their_entries_leave_the_published_register_after_six_months(
    secretary: Any, federation_gp: Any
) -> None:
    entry = InterestFactory(declarant=federation_gp)
    left_on = TODAY - datetime.timedelta(days=10)
    member_leave(actor=secretary.user, member=federation_gp, left_on=left_on)
    federation_gp.refresh_from_db()
    assert federation_gp.left_on == left_on and not federation_gp.is_active
    assert entry in published_entries(TODAY)
    assert positions_held([federation_gp.pk])[federation_gp.pk] == [
        f"GP member until {left_on:%-d %B %Y}"
    ]
    # Six months on (183 days) still published; the day after, gone; the full register keeps it.
    assert entry in published_entries(left_on + datetime.timedelta(days=183))
    assert entry not in published_entries(left_on + datetime.timedelta(days=184))
    assert entry in register_entries()
    assert list(leavers_between(left_on, TODAY)) == [federation_gp]


def test_someone_who_comes_back_is_no_longer_a_leaver(secretary: Any, federation_gp: Any) -> None:
    member_leave(actor=secretary.user, member=federation_gp, left_on=TODAY)
    federation_gp.refresh_from_db()
    member_update(
        actor=secretary.user, member=federation_gp, person=_person(federation_gp, is_active=True)
    )
    federation_gp.refresh_from_db()
    assert federation_gp.is_active and federation_gp.left_on is None
    event = AuditEvent.objects.filter(action="member.changed").latest("at")
    assert event.detail["changed"]["left_on"] == [TODAY.isoformat(), None]


@pytest.mark.django_db(transaction=True)
def test_the_migration_takes_each_leavers_date_from_the_audit_trail() -> None:
    from core.roles import sync_roles

    sync_roles()
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    before = [("interests", "0007_search_trigram_indexes")]
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        apps = executor.loader.project_state([*before, ("core", "0003_issued_documents")]).apps
        OldMember = apps.get_model("interests", "Member")
        Event = apps.get_model("core", "AuditEvent")

        def person(name: str, active: bool) -> Any:
            return OldMember.objects.create(
                first_name=name,
                last_name="Old",
                job_title="GP",
                professional_role="gp",
                is_active=active,
            )

        left_twice = person("Twice", active=False)
        person("Deactivated", active=False)  # made inactive, never recorded as leaving
        came_back = person("Returned", active=True)
        for member, day in (
            (left_twice, "2019-03-31"),
            (left_twice, "2021-06-30"),
            (came_back, "2020-01-31"),
        ):
            Event.objects.create(
                action="member.left",
                object_type="interests.member",
                object_id=str(member.pk),
                detail={"left_on": day},
            )
        MigrationExecutor(connection).migrate(leaves)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    dates = dict(Member.objects.filter(last_name="Old").values_list("first_name", "left_on"))
    assert dates == {
        "Twice": datetime.date(2021, 6, 30),  # the latest time they left
        "Deactivated": None,  # made inactive, never recorded as leaving
        "Returned": None,  # recorded as leaving once, active again now
    }


# --- Six years on: the reviewed deletion list --------------------------------------------


def _long_gone(secretary: Any) -> tuple[Any, dict[str, Any]]:
    """Someone who left seven years ago, with records past and inside their six years."""
    left_on = years_after(TODAY, -7)
    member = MemberFactory(first_name="Gone", last_name="Longago")
    old = InterestFactory(
        declarant=member, start_date=years_after(TODAY, -10), end_date=years_after(TODAY, -8)
    )
    # Ended after they left, five years ago: kept until six years after that.
    recent = InterestFactory(
        declarant=member, start_date=years_after(TODAY, -9), end_date=years_after(TODAY, -5)
    )
    gift = GiftOrHospitality.objects.create(
        recipient=member,
        kind="gift",
        description="Pen",
        offered_by_name="A supplier",
        estimated_value=Decimal("5"),
        offered_on=years_after(TODAY, -8),
        outcome="declined",
    )
    nil = Declaration.objects.create(member=member, kind="nil_return")
    Declaration.objects.filter(pk=nil.pk).update(
        made_at=timezone.now() - datetime.timedelta(days=365 * 8)
    )
    Interest.objects.filter(pk__in=[old.pk, recent.pk]).update(
        submitted_at=timezone.now() - datetime.timedelta(days=365 * 9)
    )
    member_leave(actor=secretary.user, member=member, left_on=left_on)
    member.refresh_from_db()
    return member, {"old": old, "recent": recent, "gift": gift, "nil": nil}


def test_the_secretary_is_offered_only_records_past_their_six_years(secretary: Any) -> None:
    member, records = _long_gone(secretary)
    MemberFactory()  # still here
    [leaver] = deletion_list(TODAY)
    assert leaver.member == member
    offered = {r.key for r in leaver.records}
    assert f"interest:{records['old'].pk}" in offered
    assert f"gift:{records['gift'].pk}" in offered
    assert f"declaration:{records['nil'].pk}" in offered
    assert f"interest:{records['recent'].pk}" not in offered  # ended five years ago
    person = next(r for r in leaver.records if r.kind == "person")
    assert not person.deletable
    assert "their records still inside their six years" in person.held_by


def test_deleting_chosen_records_audits_each_and_deletes_their_history(
    client: Client, secretary: Any
) -> None:
    member, records = _long_gone(secretary)
    old = records["old"]
    assert old.history.exists()
    login(client, secretary)
    page = client.get(reverse("retention_review")).content.decode()
    assert "Gone Longago" in page and "Kept until" in page
    chosen = [f"interest:{old.pk}", f"gift:{records['gift'].pk}"]
    refused = client.post(reverse("retention_review"), {"records": chosen})
    assert refused.status_code == 200 and "Confirm you have reviewed the records" in (
        refused.content.decode()
    )
    assert Interest.objects.filter(pk=old.pk).exists()
    response = client.post(reverse("retention_review"), {"records": chosen, "confirm": "on"})
    assert response.status_code == 302
    assert not Interest.objects.filter(pk=old.pk).exists()
    assert not Interest.history.filter(id=old.pk).exists()  # no copy kept in its history
    assert not GiftOrHospitality.objects.filter(pk=records["gift"].pk).exists()
    assert Interest.objects.filter(pk=records["recent"].pk).exists()
    events = AuditEvent.objects.filter(action="retention.deleted")
    assert events.count() == 2
    for event in events:
        assert event.actor == secretary.user and event.object_id == str(member.pk)
        assert "Partner" not in str(event.detail) and "Pen" not in str(event.detail)


def test_a_record_inside_its_six_years_is_never_deleted_whatever_is_posted(
    client: Client, secretary: Any
) -> None:
    member, records = _long_gone(secretary)
    with pytest.raises(ValidationError):
        retention_delete(
            actor=secretary.user,
            keys=[f"interest:{records['old'].pk}", f"interest:{records['recent'].pk}"],
        )
    with pytest.raises(ValidationError):
        retention_delete(actor=secretary.user, keys=[f"person:{member.pk}"])
    assert Interest.objects.filter(pk=records["old"].pk).exists()  # all or none
    login(client, secretary)
    response = client.post(
        reverse("retention_review"),
        {"records": [f"interest:{records['recent'].pk}"], "confirm": "on"},
    )
    assert response.status_code == 200
    assert Interest.objects.filter(pk=records["recent"].pk).exists()


def test_once_everything_is_past_the_person_record_goes_too(secretary: Any) -> None:
    member, records = _long_gone(secretary)
    Interest.objects.filter(pk=records["recent"].pk).update(end_date=years_after(TODAY, -7))
    [leaver] = deletion_list(TODAY)
    keys = [r.key for r in leaver.records]
    assert all(r.deletable for r in leaver.records), leaver.records
    deleted = retention_delete(actor=secretary.user, keys=keys)
    assert deleted.records == len(keys) and deleted.people == 1
    assert not Member.objects.filter(pk=member.pk).exists()
    assert member.user is not None  # the login stays, inactive, for the trail's actors


def test_a_person_named_in_the_minutes_is_kept_with_them(secretary: Any) -> None:
    from meetings.models import Attendance
    from tests.meetings.factories import MeetingFactory

    member, records = _long_gone(secretary)
    Interest.objects.filter(pk=records["recent"].pk).update(end_date=years_after(TODAY, -7))
    Attendance.objects.create(meeting=MeetingFactory(), member=member)
    [leaver] = deletion_list(TODAY)
    person = next(r for r in leaver.records if r.kind == "person")
    assert person.held_by == ("attendances",)
    assert all(r.deletable for r in leaver.records if r.kind != "person")


def test_only_the_secretary_reviews_and_the_dashboard_asks_her_to(
    client: Client, secretary: Any, guardian: Any
) -> None:
    _long_gone(secretary)
    with pytest.raises(PermissionDenied):
        retention_delete(actor=guardian.user, keys=["gift:1"])
    login(client, guardian)
    assert client.get(reverse("retention_review")).status_code == 403
    login(client, secretary)
    assert (
        "Review 3 records kept past six years" in client.get(reverse("dashboard")).content.decode()
    )
