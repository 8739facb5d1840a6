"""Fixtures shared by the whole suite: services, media, and named personas."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _describe_database() -> str:
    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return f"SQLite ({db['NAME']})"
    return f"PostgreSQL {db.get('HOST') or 'socket'}:{db.get('PORT') or 5432}/{db['NAME']}"


def pytest_report_header(config: Any) -> list[str]:
    broker = settings.CELERY_BROKER_URL or "none (tasks run eagerly; the worker tests fail)"
    return [f"database: {_describe_database()}", f"celery broker: {broker}"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test's database starts afresh, and so must the cache: a public page cached by
    one test under a version number another test's database also has would leak across."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def broker_url() -> str:
    """The real broker. A test that needs one fails without it, never skips: a run that
    quietly leaves out the worker tests would pass without testing them."""
    url = settings.CELERY_BROKER_URL
    if not url:
        pytest.fail(
            "CELERY_BROKER_URL is not set, and this test needs a real broker: point it at Redis "
            "(e.g. redis://127.0.0.1:6379/0), as .ci/run does"
        )
    return url


@pytest.fixture
def real_broker(broker_url: str) -> Iterator[Any]:
    """Send tasks through the broker instead of running them in-process."""
    from ccg_governance.celery import app

    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = True


# --- Named personas -------------------------------------------------------
# Each returns a Member with a login in the named role. The story behind them
# is the demo's (see ccg_governance/demo/): a federation GP, the single-handed
# GP, a lay Guardian, the secretary, the auditor, and an outsider.


@pytest.fixture
def secretary(db: Any) -> Any:
    from core.roles import Role
    from tests.interests.factories import MemberFactory

    return MemberFactory(
        user__username="p.secretary",
        user__roles=[Role.SECRETARY],
        title="Ms",
        first_name="Sarah",
        last_name="Bennett",
        job_title="Board secretary",
        professional_role="manager",
    )


@pytest.fixture
def chair(db: Any) -> Any:
    from core.roles import Role
    from tests.interests.factories import MemberFactory

    return MemberFactory(
        user__username="p.chair",
        user__roles=[Role.CHAIR, Role.MEMBER],
        first_name="Anita",
        last_name="Patel",
        job_title="Clinical Chair",
    )


@pytest.fixture
def federation_gp(db: Any) -> Any:
    from core.roles import Role
    from tests.interests.factories import MemberFactory

    return MemberFactory(
        user__username="p.fedgp",
        user__roles=[Role.MEMBER],
        first_name="Ben",
        last_name="Okafor",
        job_title="GP member",
    )


@pytest.fixture
def single_handed_gp(db: Any) -> Any:
    from core.roles import Role
    from tests.interests.factories import MemberFactory

    return MemberFactory(
        user__username="p.singlegp",
        user__roles=[Role.MEMBER],
        first_name="Emma",
        last_name="Clarke",
        job_title="GP member",
    )


@pytest.fixture
def guardian(db: Any) -> Any:
    from core.roles import Role
    from tests.interests.factories import MemberFactory

    return MemberFactory(
        user__username="p.guardian",
        user__roles=[Role.GUARDIAN, Role.MEMBER],
        title="Mrs",
        first_name="Margaret",
        last_name="Holt",
        job_title="Lay member; Conflicts Guardian",
        professional_role="lay",
    )


@pytest.fixture
def auditor(db: Any) -> Any:
    from core.roles import Role
    from tests.interests.factories import MemberFactory

    return MemberFactory(
        user__username="p.auditor",
        user__roles=[Role.AUDITOR],
        title="Mr",
        first_name="Tom",
        last_name="Reed",
        job_title="Internal auditor",
        professional_role="other",
        is_decision_maker=False,
    )


@pytest.fixture
def outsider(db: Any) -> Any:
    """Signed in, but holds no role at all."""
    from tests.interests.factories import UserFactory

    return UserFactory(username="p.outsider")


def login(client: Any, member_or_user: Any) -> Any:
    """Sign in as the person; someone who must use two-factor (or has enrolled) also has
    their session verified through django-otp's own ``login``, with a real confirmed
    authenticator, exactly as the code page does after a right code. The enforcement itself
    is untouched: a session signed in without this step is still held back."""
    import django_otp
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.two_factor import AUTHENTICATOR, has_second_factor, two_factor_required

    user = getattr(member_or_user, "user", member_or_user)
    client.force_login(user)
    if two_factor_required(user) or has_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
        request = HttpRequest()
        request.session = client.session
        request.user = user
        django_otp.login(request, device)
        request.session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return client
