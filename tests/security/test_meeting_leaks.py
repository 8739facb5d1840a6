"""Regression tests from the security review: each asserts the safe behaviour."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interests.models import Interest
from interests.services.declarations import Publication, interest_declare
from interests.services.organisations import OrganisationData, organisation_update
from meetings.models import CommitteeMembership
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.services.agenda import item_save
from meetings.services.committees import membership_end
from meetings.services.conduct import conflict_decision_record, item_minutes_save
from tests.conftest import login
from tests.meetings.conftest import approve_story


def _approve(story: Any) -> None:
    approve_story(story)


# 1. A conflicted Guardian (voting member) still receives the withheld Part II paper.
def test_a_conflicted_guardian_on_the_committee_is_refused_the_part_two_paper(
    client: Client, story: Any
) -> None:
    guardian = story.lay  # Role GUARDIAN + MEMBER, voting governing-body member
    interest_declare(
        member=guardian,
        actor=guardian.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": story.riverside,
            "organisation_name": "",
            "nature": "partner",
            "description": "Partner",
            "start_date": datetime.date(2020, 1, 1),
        },
    )
    verdict = meeting_assessment(story.meeting).verdicts[(guardian.pk, story.award_item.pk)]
    assert verdict.conflicted and not verdict.receives_papers  # the engine excludes her
    login(client, guardian)
    r = client.get(reverse("paper_download", args=[story.award_paper.pk]))
    assert r.status_code == 403, "conflicted Guardian downloaded the withheld Part II paper"


# 2. Renaming an organisation makes a typed (unlinked) name match, but no permission re-sync.
def test_renaming_an_organisation_resyncs_paper_access(
    client: Client, story_published: Any
) -> None:
    story = story_published
    Interest.objects.create(
        declarant=story.single_gp,
        category="financial",
        organisation=None,
        organisation_name="Northfield GP Federation Ltd",
        nature="director",
        description="Director",
        start_date=datetime.date(2020, 1, 1),
        status="submitted",
    )
    from meetings.services.access import meeting_access_sync

    meeting_access_sync(meeting=story.meeting)
    fed = story.federation
    organisation_update(
        actor=story.secretary.user,
        organisation=fed,
        data=OrganisationData(name="Northfield GP Federation Ltd", kind=fed.kind),
    )
    verdict = meeting_assessment(story.meeting).verdicts[(story.single_gp.pk, story.award_item.pk)]
    assert verdict.conflicted and not verdict.receives_papers
    login(client, story.single_gp)
    r = client.get(reverse("paper_download", args=[story.award_paper.pk]))
    assert r.status_code == 403, "engine says excluded, but stale permission still serves paper"


# 3. Ending a committee membership leaves the person on future meetings' attendance -> papers.
def test_leaving_a_committee_withdraws_papers_of_its_later_meetings(
    client: Client, story: Any
) -> None:
    m = CommitteeMembership.objects.get(committee=story.committee, member=story.single_gp)
    membership_end(actor=story.secretary.user, membership=m, end_date=timezone.localdate())
    login(client, story.single_gp)
    r = client.get(reverse("paper_download", args=[story.award_paper.pk]))
    assert r.status_code in (403, 404), "ex-member still downloads Part II paper of a later meeting"


# 4. A conflicted chair records the decision on their own conflict (Part I item, flag policy).
def test_nobody_decides_their_own_conflict(client: Client, story: Any) -> None:
    item = item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title="Riverside premises",
        purpose="decision",
        part="I",
        affected_organisations=[story.riverside],
    )
    login(client, story.chair)
    url = reverse("conflict_decision", args=[story.meeting.pk, item.pk, story.chair.pk])
    r = client.post(
        url,
        {
            f"decision-{item.pk}-{story.chair.pk}-action": "5",
            f"decision-{item.pk}-{story.chair.pk}-reason": "I am fine",
        },
    )
    from meetings.models import ConflictDecision

    saved = ConflictDecision.objects.filter(
        item=item, member=story.chair, decided_by=story.chair.user, action=5
    ).exists()
    assert r.status_code == 403 and not saved, (
        f"the conflicted chair decided their own conflict ({r.status_code}, saved={saved})"
    )


# 5. After the minutes are approved, a decision can still be changed (and the public minutes change).
def test_decisions_cannot_change_after_the_minutes_are_approved(client: Client, story: Any) -> None:
    item_minutes_save(actor=story.secretary.user, item=story.open_item, text="x")
    _approve(story)
    login(client, story.secretary)
    url = reverse(
        "conflict_decision", args=[story.meeting.pk, story.award_item.pk, story.fed_gp.pk]
    )
    p = f"decision-{story.award_item.pk}-{story.fed_gp.pk}"
    r = client.post(url, {f"{p}-action": "5", f"{p}-reason": "changed after approval"})
    assert "approved and can no longer change" in r.content.decode()
    page = client.get(reverse("public_minutes", args=[story.meeting.pk])).content.decode()
    assert "Interest noted: takes full part" not in page, "approved public minutes changed"


# 6. Related person's name leaks in public minutes when it contains a comma.
def test_public_minutes_never_name_a_related_person(client: Client, story: Any) -> None:
    Interest.objects.create(
        declarant=story.nurse,
        category="indirect",
        indirect_type="financial",
        related_person_relationship="spouse_or_partner",
        related_person_name="Wright, Jeremy",
        organisation=story.riverside,
        nature="partner",
        description="Husband is partner",
        start_date=datetime.date(2020, 1, 1),
        status="submitted",
    )
    item = item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title="Riverside premises",
        purpose="decision",
        part="I",
        affected_organisations=[story.riverside],
    )
    conflict_decision_record(actor=story.secretary.user, item=item, member=story.nurse, action=3)
    from meetings.services.agenda import item_remedy_record

    item_remedy_record(actor=story.secretary.user, item=story.award_item, remedy="defer", note="x")
    _approve(story)
    page = Client().get(reverse("public_minutes", args=[story.meeting.pk])).content.decode()
    assert "Wright&#x27;s spouse or partner is a partner in Riverside Surgery" in page
    assert "Jeremy" not in page, "related person's first name published"


# 7. The recusal matrix tells a conflicted chair what the withheld item is about.
def test_the_matrix_shows_nothing_of_an_item_withheld_from_the_viewer(
    client: Client, story: Any
) -> None:
    login(client, story.chair)
    page = client.get(reverse("recusal_matrix", args=[story.meeting.pk])).content.decode()
    assert "Award of the out-of-hours contract" not in page  # heading hidden (ok)
    assert "Lot 2 Out-of-hours" not in page, "chains on the withheld column reveal the lot/bidders"


# 8. A confidential title belongs only to a Part II item: Part I items and their minutes are public.
def test_a_part_one_item_cannot_have_a_confidential_title(story: Any) -> None:
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only a Part II"):
        item_save(
            actor=story.secretary.user,
            meeting=story.meeting,
            title="Riverside practice merger",
            purpose="decision",
            part="I",
            affected_organisations=[story.riverside],
            title_is_confidential=True,
        )


# 9. Restricted pages without no-store and without an audit record.
def test_restricted_pages_are_never_cached(client: Client, story: Any) -> None:
    item_minutes_save(actor=story.secretary.user, item=story.award_item, text="AWARD-MINUTES")
    login(client, story.single_gp)
    bad = []
    for name, args in [
        ("meeting_detail", [story.meeting.pk]),
        ("recusal_matrix", [story.meeting.pk]),
    ]:
        r = client.get(reverse(name, args=args))
        if "no-store" not in r.get("Cache-Control", ""):
            bad.append(name)
    login(client, story.secretary)
    for name, args in [
        ("item_minutes", [story.meeting.pk, story.award_item.pk]),
        ("register_full", []),
        ("register_full_csv", []),
        ("gift_register_csv", []),
        ("audit_trail", []),
    ]:
        r = client.get(reverse(name, args=args))
        assert r.status_code == 200, name
        if "no-store" not in r.get("Cache-Control", ""):
            bad.append(name)
    assert not bad, f"no Cache-Control: no-store on {bad}"
