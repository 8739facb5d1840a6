"""The open data API: a valid OpenAPI schema, CSV files that pass their Table Schema,
conditional requests and polite rate limits."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from frictionless import Resource, Schema, validate
from rest_framework.throttling import AnonRateThrottle

from opendata.datasets import DATASETS
from tests.interests.factories import InterestFactory


def test_the_openapi_schema_validates(db: Any, tmp_path: Path) -> None:
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "openapi: 3" in text and "/api/v1/{slug}/" in text
    response = Client().get(reverse("opendata_schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "dataset_records" in response.content.decode()


def test_the_index_lists_every_register(db: Any) -> None:
    body = Client().get(reverse("opendata_index")).json()
    assert body["version"] == "v1"
    assert [d["slug"] for d in body["datasets"]] == [
        "interests",
        "gifts-and-hospitality",
        "procurement-decisions",
        "breaches",
    ]


@pytest.mark.parametrize("slug", list(DATASETS))
def test_each_csv_passes_its_table_schema(db: Any, tmp_path: Path, slug: str) -> None:
    InterestFactory()
    client = Client()
    csv_response = client.get(reverse("opendata_csv", args=[slug]))
    assert csv_response.status_code == 200
    assert "describedby" in csv_response["Link"]
    descriptor = client.get(reverse("opendata_table_schema", args=[slug])).json()
    path = tmp_path / f"{slug}.csv"
    path.write_bytes(csv_response.content)
    resource = Resource(
        path=path.name, basepath=str(tmp_path), schema=Schema.from_descriptor(descriptor)
    )
    report = validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
    records = client.get(reverse("opendata_dataset", args=[slug])).json()
    assert records["dataset"] == slug
    header = io.StringIO(csv_response.content.decode()).readline().strip().split(",")
    assert header == [f["name"] for f in descriptor["fields"]]
    for record in records["results"]:
        assert list(record) == header


def test_the_published_interest_is_served_with_validators(db: Any) -> None:
    entry = InterestFactory()
    client = Client()
    url = reverse("opendata_dataset", args=["interests"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public") or "public" in response["Cache-Control"]
    assert entry.declarant.last_name in json.dumps(response.json())
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert response["Last-Modified"]


def test_polite_rate_limits(db: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    client = Client()
    url = reverse("opendata_index")
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(url).has_header("Retry-After")
