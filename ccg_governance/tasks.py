"""Project-level tasks."""

from __future__ import annotations

import os
import socket

from celery import shared_task


@shared_task(name="ccg_governance.worker_echo")
def worker_echo(payload: str) -> dict[str, str]:
    """Return the payload with the name of the process that handled it.

    Used by operations (and the test suite) to prove the broker and a worker
    are connected end to end.
    """
    return {"payload": payload, "handled_by": f"{socket.gethostname()}:{os.getpid()}"}
