"""Server time and queries for the pages the public and the secretary use most, at full scale."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
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


def _get(client: Client, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass

    return fetch


def bench_pages(results: Results) -> dict[str, Timing]:
    public = Client()
    secretary = secretary_client()
    meeting = busiest_upcoming_meeting()
    pages = {
        "/register/ first page (public)": (public, reverse("published_register")),
        "/register/?page=80 (public)": (public, reverse("published_register") + "?page=80"),
        "/registers/interests/ (secretary)": (secretary, reverse("register_full")),
        "a meeting's agenda page": (secretary, reverse("meeting_detail", args=[meeting.pk])),
        "the recusal matrix": (secretary, reverse("recusal_matrix", args=[meeting.pk])),
        "/registers/interests/download.csv": (secretary, reverse("register_full_csv")),
        "/register/download.csv": (public, reverse("published_register_csv")),
        "login page (baseline)": (public, reverse("login")),
    }
    timings = {}
    for label, (client, url) in pages.items():
        timing = timed(_get(client, url), repeat=5)
        timings[label] = timing
        results.figure(
            "pages", label, f"{timing.median_ms:.1f} ms median, {timing.queries} queries"
        )
        if "baseline" not in label:
            results.aim(f"page: {label}", PAGE_TARGET_MS, timing.median_ms, "ms")
    return timings
