"""/healthz is liveness; /readyz sees a database, broker or media outage (503, naming the
part); an unusable MEDIA_ROOT gives a clean page, not a 500. Before, /healthz answered 200
all through a database outage and uploads answered 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ccg_governance.views import healthz, readyz
from meetings.models import Paper
from tests.conftest import login
from tests.meetings.conftest import Story, pdf


def test_ready_when_every_part_answers(client: Client, db: Any) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("ready\n")
    assert "database: ok" in text and "broker: ok" in text and "media: ok" in text


@pytest.fixture
def database_down(transactional_db: Any) -> Iterator[None]:
    """This process's connection pointed at a port where no PostgreSQL listens."""
    connection.close()
    real = connection.settings_dict["PORT"], connection.settings_dict["HOST"]
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", "9122"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"], connection.settings_dict["HOST"] = real


def test_a_database_outage_is_not_ready_but_still_alive(database_down: None, rf: Any) -> None:
    response = readyz(rf.get("/readyz"))
    assert response.status_code == 503
    text = response.content.decode()
    assert "database: unavailable (OperationalError)" in text
    assert "9122" not in text and "postgres" not in text  # no connection details
    assert healthz(rf.get("/healthz")).status_code == 200


def test_a_broker_outage_is_not_ready(client: Client, db: Any, settings: Any) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9123/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "broker: unavailable" in response.content.decode()


def test_unusable_media_storage_is_not_ready(
    client: Client, db: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "a-file"
    Path(settings.MEDIA_ROOT).write_text("not a directory")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "media: unavailable" in response.content.decode()


def test_an_upload_with_media_storage_gone_is_a_clean_page_and_saves_nothing(
    client: Client, story: Story, settings: Any, tmp_path: Path
) -> None:
    login(client, story.secretary)
    before = Paper.objects.count()
    settings.MEDIA_ROOT = tmp_path / "failed-mount"
    Path(settings.MEDIA_ROOT).write_text("a failed mount leaves a file here")
    response = client.post(
        reverse("paper_upload", args=[story.meeting.pk, story.open_item.pk]),
        {"title": "Month 10 finance report", "file": pdf()},
    )
    assert response.status_code == 503
    assert "files cannot be reached" in response.content.decode()
    assert Paper.objects.count() == before

    download = client.get(reverse("paper_download", args=[story.open_paper.pk]))
    assert download.status_code == 503
