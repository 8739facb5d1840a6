"""Readiness: can this instance serve requests right now? (``/readyz``; docs/adr/0029)

``/healthz`` says only that the process answers (liveness: restart it if not). ``/readyz``
also checks what every request needs: the database answers a query, the broker accepts a
connection (when one is configured) and the media storage is a writable directory. A load
balancer stops sending traffic to an instance that is not ready and resumes when it is,
without a restart. Each check is bounded to a few seconds; a failure names the part and the
kind of error, never a connection string or a password.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

BROKER_TIMEOUT_SECONDS = 2


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _broker() -> None:
    if not settings.CELERY_BROKER_URL:
        return  # tasks run eagerly: there is no broker to need
    from kombu import Connection

    with Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=BROKER_TIMEOUT_SECONDS,
        transport_options={"socket_timeout": BROKER_TIMEOUT_SECONDS},
    ) as broker:
        broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)


def _media() -> None:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-"):
        pass


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "broker": _broker,
    "media": _media,
}


def readiness() -> dict[str, str]:
    """Each part's state: "ok", or "unavailable (<kind of error>)"."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 (any failure means not ready)
            states[name] = f"unavailable ({type(error).__name__})"
        else:
            states[name] = "ok"
    if states["database"] != "ok":
        # A broken connection must not be reused by the next request on this thread.
        connection.close_if_unusable_or_obsolete()
    return states
