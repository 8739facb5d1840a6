"""Server time and queries for the pages the public and the secretary use most, at full scale."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting
from tests.benchmarks.scale.results import Results
from tests.benchmarks.scale.timing import Timing, timed

PAGE_TARGET_MS = 150


def secretary_client() -> Client:
    """Signed in as the secretary, past two-factor sign-in as the suite's ``login`` does."""
    from tests.conftest import login

    return login(Client(), User.objects.get(username="scale.secretary"))


def busiest_upcoming_meeting() -> Meeting:
    meeting = (
        Meeting.objects.filter(status=Meeting.Status.AGENDA_PUBLISHED)
        .annotate(n=Count("items"))
        .order_by("-n", "pk")
        .first()
    )
    assert meeting is not None, "run seed_scale first"
    return meeting


def _get(client: Client, url: str, cold: bool = False) -> Callable[[], None]:
    def fetch() -> None:
        if cold:
            cache.clear()  # the public body built from the database, not from the cache
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass

    return fetch


def _first_byte(client: Client, url: str) -> Callable[[], None]:
    """Server time of a streamed download: until its first row is ready."""

    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200 and response.streaming, url
        chunks = iter(response.streaming_content)
        for _ in range(3):  # the byte-order mark, the header, the first row
            next(chunks)
        response.close()

    return fetch


def bench_pages(results: Results) -> dict[str, Timing]:
    public = Client()
    secretary = secretary_client()
    meeting = busiest_upcoming_meeting()
    register = reverse("published_register")
    pages = {
        "/register/ first page (public)": (public, register),
        "/register/ first page, body built (cache empty)": (public, register, True),
        "/register/?page=80, body built (cache empty)": (public, register + "?page=80", True),
        "/register/?page=80 (public)": (public, reverse("published_register") + "?page=80"),
        "/registers/interests/ (secretary)": (secretary, reverse("register_full")),
        "a meeting's agenda page": (secretary, reverse("meeting_detail", args=[meeting.pk])),
        "the recusal matrix": (secretary, reverse("recusal_matrix", args=[meeting.pk])),
        "/registers/interests/download.csv (whole file)": (secretary, reverse("register_full_csv")),
        "/register/download.csv (whole file)": (public, reverse("published_register_csv")),
        "people list (secretary)": (secretary, reverse("people_list")),
        "organisations list (secretary)": (secretary, reverse("organisation_list")),
        "meetings list (secretary)": (secretary, reverse("meeting_list")),
        "audit trail, page 2 (secretary)": (secretary, reverse("audit_trail") + "?page=2"),
        "privileged actions (secretary)": (secretary, reverse("privileged_actions")),
        "published gifts register (public)": (public, reverse("gift_published")),
        "procurement decisions register (public)": (public, reverse("procurement_register")),
        "login page (baseline)": (public, reverse("login")),
    }
    timings = {}
    for label, (client, url, *cold) in pages.items():
        whole_file = "whole file" in label
        timing = timed(_get(client, url, cold=bool(cold)), repeat=3 if whole_file else 5)
        timings[label] = timing
        results.figure(
            "pages", label, f"{timing.median_ms:.1f} ms median, {timing.queries} queries"
        )
        if whole_file:
            # A download is streamed: its server time is until the first rows go out; the
            # whole file is reported, and its memory has its own target (memory.py).
            first = timed(_first_byte(client, url), repeat=5)
            name = label.replace("whole file", "first bytes")
            results.figure(
                "pages", name, f"{first.median_ms:.1f} ms median, {first.queries} queries"
            )
            results.aim(f"page: {name}", PAGE_TARGET_MS, first.median_ms, "ms")
        elif "baseline" not in label:
            results.aim(f"page: {label}", PAGE_TARGET_MS, timing.median_ms, "ms")
    # Constant queries: the same page of the register costs the same deep in the register.
    results.aim(
        "register: queries on page 80 minus page 1 (cache empty)",
        0,
        timings["/register/?page=80, body built (cache empty)"].queries
        - timings["/register/ first page, body built (cache empty)"].queries,
        "queries",
    )
    return timings
