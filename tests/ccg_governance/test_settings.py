"""The settings modules behave as the README's configuration table says."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(args: list[str], env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _print_settings(names: list[str], env_overrides: dict[str, str]) -> str:
    code = "from django.conf import settings as s; " + "; ".join(
        f"print({name!r}, repr(s.{name}))" for name in names
    )
    result = _run_manage(["shell", "-c", code], env_overrides)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_deploy_check_reports_nothing_with_production_settings_and_real_values():
    result = _run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "ccg_governance.settings.production",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "recuse.northfield-ccg.example",
            "SITE_URL": "https://recuse.northfield-ccg.example",
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_manage(
        ["check"],
        {
            "DJANGO_SETTINGS_MODULE": "ccg_governance.settings.production",
            "ALLOWED_HOSTS": "recuse.example",
            "SITE_URL": "https://recuse.example",
            "SECRET_KEY": "",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_defaults_need_no_services(tmp_path):
    out = _print_settings(
        ["DATABASES['default']['ENGINE']", "CELERY_TASK_ALWAYS_EAGER", "DEBUG"],
        {
            "DJANGO_SETTINGS_MODULE": "ccg_governance.settings.base",
            "DATABASE_URL": "",
            "CELERY_BROKER_URL": "",
        },
    )
    assert "'django.db.backends.sqlite3'" in out
    assert "CELERY_TASK_ALWAYS_EAGER True" in out
    assert "DEBUG True" in out


def test_a_broker_url_switches_celery_to_the_real_queue_and_database_url_is_honoured():
    out = _print_settings(
        ["CELERY_TASK_ALWAYS_EAGER", "CELERY_RESULT_BACKEND", "DATABASES['default']['NAME']"],
        {
            "DJANGO_SETTINGS_MODULE": "ccg_governance.settings.base",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3",
            "DATABASE_URL": "postgres://someone@db.example:5432/recuse_x",
        },
    )
    assert "CELERY_TASK_ALWAYS_EAGER False" in out
    assert "CELERY_RESULT_BACKEND 'redis://127.0.0.1:6379/3'" in out
    assert "'recuse_x'" in out


def test_a_typo_in_debug_is_an_error_not_a_silent_default():
    result = _run_manage(
        ["check"], {"DJANGO_SETTINGS_MODULE": "ccg_governance.settings.base", "DEBUG": "flase"}
    )
    assert result.returncode != 0
    assert "is not a boolean" in result.stderr


def test_every_environment_variable_read_is_documented_in_env_example():
    import re

    documented = {
        line.split("=", 1)[0].strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    read = set()
    for path in (ROOT / "ccg_governance" / "settings").glob("*.py"):
        read |= set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', path.read_text()))
    assert read - documented == set()
