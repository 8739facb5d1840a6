"""Nothing unpublished leaves through open data: every dataset, in every format, read in the
permission matrix's world (a marker planted in every restricted object) carries no marker an
anonymous reader must not see, whoever asks (the API consults no sign-in)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from opendata.datasets import DATASETS
from tests.conftest import login
from tests.security.matrix_world import FORBIDDEN, build_world


def test_no_unpublished_marker_in_any_dataset(story_published: Any) -> None:
    world = build_world(story_published)
    markers = [marker for marker, who in FORBIDDEN.items() if "anonymous" in who]
    assert markers
    for identity in ("anonymous", "secretary", "administrator"):
        client = Client()
        if world.users[identity] is not None:
            login(client, world.users[identity])
        for slug in DATASETS:
            for name in ("opendata_dataset", "opendata_csv", "opendata_table_schema"):
                response = client.get(reverse(name, args=[slug]))
                assert response.status_code == 200, (identity, slug, name)
                body = response.content.decode()
                leaked = [m for m in markers if m in body]
                assert not leaked, (identity, slug, name, leaked)
