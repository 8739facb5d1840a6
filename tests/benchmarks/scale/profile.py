"""``python -m tests.benchmarks.scale.profile``: where the time goes, for the README.

Profiles (pyinstrument) the targets most often missed: the engine at 40 items x 25
attendees, a meeting's agenda page, the published register with its cache empty and one
declaration's recomputation; writes them as text to ``bench/profiles/``.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccg_governance.settings.test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

FOLDER = Path(__file__).resolve().parents[3] / "bench" / "profiles"


def _profile(name: str, action: Callable[[], object], repeat: int = 3) -> None:
    from pyinstrument import Profiler

    action()  # warm up
    profiler = Profiler(interval=0.001)
    profiler.start()
    for _ in range(repeat):
        action()
    profiler.stop()
    FOLDER.mkdir(parents=True, exist_ok=True)
    text = profiler.output_text(unicode=False, color=False)
    (FOLDER / f"{name}.txt").write_text(text)
    print(f"  {name}: bench/profiles/{name}.txt")


def main() -> int:
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from meetings.selectors.recusal_facts import meeting_assessment
    from tests.benchmarks.scale.pages import busiest_upcoming_meeting, secretary_client
    from tests.benchmarks.scale.recusal import _meeting, rolled_back

    with rolled_back():
        meeting = _meeting(random.Random(40), 40)
        _profile("engine-40x25", lambda: meeting_assessment(meeting))
    secretary = secretary_client()
    upcoming = busiest_upcoming_meeting()
    agenda = reverse("meeting_detail", args=[upcoming.pk])
    _profile("agenda-page", lambda: secretary.get(agenda))
    public = Client()
    register = reverse("published_register")

    def register_cold() -> object:
        cache.clear()
        return public.get(register)

    _profile("published-register-cache-empty", register_cold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
