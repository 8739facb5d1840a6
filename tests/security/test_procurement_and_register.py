"""Regression tests from the security review: each asserts the safe behaviour."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from interests.models import Interest
from procurements.models import Bid, Procurement
from procurements.services.awards import award_record
from tests.conftest import login
from tests.interests.factories import MemberFactory


def _award(story: Any) -> None:
    Procurement.objects.filter(pk=story.lot.procurement_id).update(stage="award")
    story.lot.procurement.refresh_from_db()
    award_record(
        actor=story.secretary.user,
        lot=story.lot,
        bid=Bid.objects.get(lot=story.lot, organisation=story.trust),
        decided_on=datetime.date(2026, 3, 1),
        how_decided="Vote in Part II",
        contract_value=Decimal("100"),
        agenda_item=story.award_item,
    )


# A. The full procurement register shows the title of a title_is_confidential Part II item
#    to every Chair-role user, including the conflicted chair withheld from it and chairs of
#    other committees who cannot even open the meeting.
def test_the_full_procurement_register_is_not_open_to_chairs(client: Client, story: Any) -> None:
    _award(story)
    other_chair = MemberFactory(user__username="x.chair", user__roles=[Role.CHAIR, Role.MEMBER])
    leaked = []
    for who in (story.chair, other_chair):
        login(client, who)
        detail = client.get(reverse("meeting_detail", args=[story.meeting.pk])).status_code
        page = client.get(reverse("procurement_register_full")).content.decode()
        if "Award of the out-of-hours contract" in page:
            leaked.append((str(who), detail))
    assert not leaked, f"title leaked to {leaked} (meeting_detail status shown)"


# B. Full procurement register CSV is a restricted download but is not logged.
def test_the_full_procurement_register_export_is_logged(client: Client, story: Any) -> None:
    _award(story)
    login(client, story.secretary)
    r = client.get(reverse("procurement_register_full_csv"))
    assert r.status_code == 200
    assert (
        AuditEvent.objects.filter(actor=story.secretary.user)
        .exclude(action__in=["award.recorded"])
        .filter(action__icontains="register")
        .exists()
    ), "full procurement register CSV download not audited"


# C. Published procurement register: related person's name with a comma leaks.
def test_the_public_procurement_register_never_names_a_related_person(
    client: Client, story: Any
) -> None:
    Interest.objects.create(
        declarant=story.nurse,
        category="indirect",
        indirect_type="financial",
        related_person_relationship="spouse_or_partner",
        related_person_name="Wright, Jeremy",
        organisation=story.federation,
        nature="director",
        description="Husband is director",
        start_date=datetime.date(2020, 1, 1),
        status="submitted",
    )
    from meetings.services.conduct import conflict_decision_record

    conflict_decision_record(
        actor=story.secretary.user, item=story.award_item, member=story.nurse, action=2
    )
    _award(story)
    page = Client().get(reverse("procurement_register")).content.decode()
    assert "spouse or partner" in page
    assert "Jeremy" not in page, "related person's first name on the published register"
    csv = b"".join(Client().get(reverse("procurement_register_csv")).streaming_content).decode()
    assert "Jeremy" not in csv


# D. Draft contents: the unlinked-names page shows what another member typed in a DRAFT, to
#    Chair/Guardian/Auditor; linking then edits that member's draft.
def test_other_members_drafts_are_not_listed_as_unlinked_names(client: Client, story: Any) -> None:
    Interest.objects.create(
        declarant=story.fed_gp,
        category="financial",
        organisation_name="Secret Newco Ltd",
        nature="shareholder",
        description="draft",
        start_date=datetime.date(2026, 1, 1),
        status="draft",
    )
    login(client, story.chair)
    page = client.get(reverse("organisation_unlinked_names")).content.decode()
    assert "Secret Newco Ltd" not in page, "another member's draft content visible to a chair"


def test_linking_names_leaves_other_members_drafts_alone(client: Client, story: Any) -> None:
    draft = Interest.objects.create(
        declarant=story.fed_gp,
        category="financial",
        organisation_name="Riverside Surgery",
        nature="shareholder",
        description="draft",
        start_date=datetime.date(2026, 1, 1),
        status="draft",
    )
    login(client, story.secretary)
    client.post(
        reverse("organisation_name_link"),
        {"name": "Riverside Surgery", "action": "link", "organisation": "Riverside Surgery"},
    )
    draft.refresh_from_db()
    assert draft.organisation_id is None, "secretary's link changed another member's draft"


# E. Ex-member: a meeting created after their membership ended is still listed and opened.
def test_a_former_member_cannot_open_the_committees_later_meetings(
    client: Client, story: Any
) -> None:
    from django.utils import timezone

    from meetings.models import CommitteeMembership
    from meetings.services.agenda import item_save
    from meetings.services.committees import membership_end
    from meetings.services.meetings import meeting_create

    m = CommitteeMembership.objects.get(committee=story.committee, member=story.nurse)
    membership_end(actor=story.secretary.user, membership=m, end_date=timezone.localdate())
    later = meeting_create(
        actor=story.secretary.user,
        committee=story.committee,
        starts_at=timezone.now() + datetime.timedelta(days=60),
    )
    item_save(
        actor=story.secretary.user,
        meeting=later,
        title="Part II: Trust recovery plan",
        purpose="decision",
        part="II",
    )
    login(client, story.nurse)
    r = client.get(reverse("meeting_detail", args=[later.pk]))
    assert r.status_code == 404, (
        "ex-member opens a meeting held after they left (sees Part II titles)"
    )
