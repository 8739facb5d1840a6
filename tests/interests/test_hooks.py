"""The register reaches meetings and procurements through its hooks, in the same transaction.

The register never imports the apps built on it (docs/adr/0010-one-way-layers.md):
meetings and procurements register listeners in their AppConfig.ready(). What
must not change is when access changes: a declaration withdraws a paper in the
same transaction, so the very next request is refused, with no task queued.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from celery.signals import before_task_publish, task_prerun
from django.db import transaction
from django.test import Client
from django.urls import reverse
from guardian.models import UserObjectPermission

from interests import hooks
from interests.models import Interest
from interests.services.declarations import Publication, interest_declare
from meetings.register_hooks import MeetingsListener
from procurements.register_hooks import ProcurementsListener
from tests.conftest import login
from tests.interests.test_declarations import _form_data as declaration_form_data
from tests.meetings.conftest import Story, pdf, story, story_published  # noqa: F401


@pytest.fixture
def celery_tasks() -> Iterator[list[str]]:
    """Every task published to a broker or run (eagerly or not) while the test runs."""
    seen: list[str] = []

    def published(sender: Any = None, **kwargs: Any) -> None:
        seen.append(f"published {sender}")

    def ran(sender: Any = None, **kwargs: Any) -> None:
        seen.append(f"ran {getattr(sender, 'name', sender)}")

    before_task_publish.connect(published, weak=False)
    task_prerun.connect(ran, weak=False)
    yield seen
    before_task_publish.disconnect(published)
    task_prerun.disconnect(ran)


def _declaration() -> dict[str, str]:
    return declaration_form_data(
        organisation_text="Northfield Community Trust",
        nature="director",
        description="Non-executive director of the trust",
    )


def test_the_meetings_and_procurements_apps_listen_to_the_register() -> None:
    kinds = {type(listener) for listener in hooks.registered_listeners()}
    assert kinds == {MeetingsListener, ProcurementsListener}


def test_a_declaration_refuses_the_paper_in_the_very_next_request_with_no_task(
    client: Client,
    story_published: Story,  # noqa: F811
    celery_tasks: list[str],
) -> None:
    published = story_published
    paper_url = reverse("paper_download", args=[published.award_paper.pk])
    login(client, published.single_gp)
    assert client.get(paper_url).status_code == 200

    declared = client.post(reverse("interest_new"), _declaration())
    assert declared.status_code == 302
    assert Interest.objects.filter(
        declarant=published.single_gp, organisation=published.trust
    ).exists()

    assert client.get(paper_url).status_code in (403, 404)
    pack = client.get(reverse("meeting_pack", args=[published.meeting.pk])).content.decode()
    assert paper_url not in pack
    assert celery_tasks == []


def test_the_permission_goes_with_the_declaration_and_comes_back_if_it_rolls_back(
    story_published: Story,  # noqa: F811
) -> None:
    published = story_published
    grant = UserObjectPermission.objects.filter(
        user=published.single_gp.user,
        permission__codename="view_paper",
        object_pk=str(published.award_paper.pk),
    )
    assert grant.exists()

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        interest_declare(
            member=published.single_gp,
            actor=published.single_gp.user,
            confirmed_complete=True,
            acknowledged_duty=True,
            publication=Publication(consent=True),
            fields={
                "category": "financial",
                "organisation": published.trust,
                "organisation_name": "",
                "nature": "director",
                "description": "Director",
                "start_date": datetime.date(2021, 4, 1),
            },
        )
        assert not grant.exists()  # withdrawn inside the declaration's own transaction
        raise Abandon

    assert grant.exists()  # nothing committed: the declaration and the revocation roll back
    assert not Interest.objects.filter(
        declarant=published.single_gp, organisation=published.trust
    ).exists()
