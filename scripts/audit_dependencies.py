"""Run pip-audit on the installed dependencies, or skip it clearly when it cannot work here.

pip-audit asks PyPI's JSON API about each installed version. An offline machine, or one
behind a partial mirror that does not serve the per-version pages, cannot answer: then
this says so and exits 0, rather than failing an offline `make lint` or pretending the
dependencies were checked. Anywhere the service answers, a known vulnerability fails it.
"""

from __future__ import annotations

import importlib.metadata

# subprocess runs pip-audit from this virtualenv with fixed arguments, never a shell.
import subprocess  # nosec B404
import sys
import urllib.error
import urllib.request
from pathlib import Path

PROBE_PACKAGE = "django"
TIMEOUT_SECONDS = 5


def service_reachable() -> tuple[bool, str]:
    version = importlib.metadata.version(PROBE_PACKAGE)
    url = f"https://pypi.org/pypi/{PROBE_PACKAGE}/{version}/json"
    try:
        # A fixed https address, never one taken from input.
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # nosec B310
            return response.status == 200, f"{url} answered {response.status}"
    except urllib.error.HTTPError as error:
        return False, f"{url} answered {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return False, f"{url} could not be reached ({error})"


def main() -> int:
    reachable, why = service_reachable()
    if not reachable:
        print(
            "pip-audit SKIPPED: PyPI's vulnerability data is not reachable from here "
            f"({why}). The dependencies were NOT audited; run `make lint` where pypi.org is "
            "reachable to audit them."
        )
        return 0
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--local", "--skip-editable", "--progress-spinner", "off"]
    return subprocess.call(command)  # noqa: S603  # nosec B603


if __name__ == "__main__":
    sys.exit(main())
