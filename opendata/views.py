"""The open data API: thin views over ``opendata.datasets``.

Anyone may read it, signed in or not, and everyone gets the same published data (no
authentication is consulted). Polite rate limits (DRF throttling, ``OPENDATA_RATE``), ETag
and Last-Modified for conditional requests, and ``Cache-Control: public`` for anonymous
readers as on the public register pages (ADR 0023, 0032).
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from core.publication import PUBLIC_MAX_AGE_SECONDS, publication_version
from opendata.datasets import DATASETS, Dataset, table_schema

PAGE_SIZE = 500
API_VERSION = "v1"


def _dataset(slug: str) -> Dataset:
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise Http404("No such dataset")
    return dataset


def _conditional(request: HttpRequest, body: bytes, dataset: Dataset) -> tuple[str, Any]:
    """A strong validator from the bytes served, and the register's own change time when it
    keeps one (the register of interests' published version)."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    last_modified = None
    if dataset.publication:
        _, changed_at = publication_version(dataset.publication)
        last_modified = changed_at.timestamp()
    return etag, last_modified


def _respond(
    request: HttpRequest, body: bytes, content_type: str, dataset: Dataset, filename: str = ""
) -> HttpResponse:
    etag, last_modified = _conditional(request, body, dataset)
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified) if last_modified else None
    )
    response = not_modified or HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Link"] = (
            f'<{reverse("opendata_table_schema", args=[dataset.slug])}>; rel="describedby"; '
            'type="application/json"'
        )
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE_SECONDS)
    return response


def _record_serializer(dataset: Dataset) -> Any:
    return inline_serializer(
        name="".join(part.title() for part in dataset.slug.split("-")) + "Record",
        fields={
            name: serializers.CharField(help_text=header, allow_blank=True)
            for name, header in zip(dataset.fields, dataset.headers, strict=True)
        },
    )


class DatasetIndex(APIView):
    @extend_schema(
        operation_id="datasets_list",
        summary="The published registers offered as open data",
        responses=inline_serializer(
            name="DatasetIndex",
            fields={
                "version": serializers.CharField(),
                "datasets": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> HttpResponse:
        datasets = [
            {
                "slug": d.slug,
                "title": d.title,
                "description": d.description,
                "json": request.build_absolute_uri(reverse("opendata_dataset", args=[d.slug])),
                "csv": request.build_absolute_uri(reverse("opendata_csv", args=[d.slug])),
                "table_schema": request.build_absolute_uri(
                    reverse("opendata_table_schema", args=[d.slug])
                ),
            }
            for d in DATASETS.values()
        ]
        return JsonResponse({"version": API_VERSION, "datasets": datasets})


def _page_number(raw: str) -> int:
    return min(int(raw), 10**6) if raw.isascii() and raw.isdigit() and int(raw) > 0 else 1


class DatasetRecords(APIView):
    """One published register as JSON, a page of ``PAGE_SIZE`` records at a time."""

    @extend_schema(
        operation_id="dataset_records",
        summary="A published register's records",
        parameters=[
            OpenApiParameter("page", int, description="Page number, from 1", required=False)
        ],
        responses=inline_serializer(
            name="DatasetPage",
            fields={
                "dataset": serializers.CharField(),
                "title": serializers.CharField(),
                "generated_on": serializers.DateField(),
                "page": serializers.IntegerField(),
                "next": serializers.CharField(allow_null=True),
                "results": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        dataset = _dataset(slug)
        page = _page_number(request.query_params.get("page", ""))
        start = (page - 1) * PAGE_SIZE
        window = list(itertools.islice(dataset.records(), start, start + PAGE_SIZE + 1))
        more = len(window) > PAGE_SIZE
        url = reverse("opendata_dataset", args=[slug])
        body = {
            "dataset": dataset.slug,
            "title": dataset.title,
            "generated_on": timezone.localdate().isoformat(),
            "page": page,
            "next": request.build_absolute_uri(f"{url}?page={page + 1}") if more else None,
            "results": window[:PAGE_SIZE],
        }
        encoded = json.dumps(body, ensure_ascii=False).encode()
        return _respond(request, encoded, "application/json", dataset)


class DatasetCsv(APIView):
    @extend_schema(
        operation_id="dataset_csv",
        summary="A published register as CSV",
        responses={(200, "text/csv"): str},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        dataset = _dataset(slug)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(dataset.fields)
        for record in dataset.records():
            writer.writerow(record.values())
        filename = f"{dataset.slug}-{timezone.localdate():%Y-%m-%d}.csv"
        return _respond(
            request, out.getvalue().encode(), "text/csv; charset=utf-8", dataset, filename
        )


class DatasetTableSchema(APIView):
    @extend_schema(
        operation_id="dataset_table_schema",
        summary="The Table Schema (Frictionless) describing a register's CSV",
        responses=inline_serializer(
            name="TableSchema",
            fields={"fields": serializers.ListField(child=serializers.DictField())},
        ),
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        dataset = _dataset(slug)
        encoded = json.dumps(table_schema(dataset)).encode()
        return _respond(request, encoded, "application/json", dataset)
