"""docker-compose.yml agrees with the settings (no Docker engine runs here to try it)."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _settings_env_names() -> set[str]:
    names = set()
    for path in (ROOT / "ccg_governance" / "settings").glob("*.py"):
        names |= set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', path.read_text()))
    return names | {"DJANGO_SETTINGS_MODULE"}


def test_it_describes_the_five_services(compose):
    assert set(compose["services"]) == {"web", "worker", "beat", "db", "redis"}


def test_web_runs_gunicorn_on_the_wsgi_application(compose):
    command = compose["services"]["web"]["command"]
    assert "gunicorn ccg_governance.wsgi:application" in command
    assert "migrate --noinput" in command


def test_worker_and_beat_run_the_project_celery_app(compose):
    assert compose["services"]["worker"]["command"].startswith("celery -A ccg_governance worker")
    assert compose["services"]["beat"]["command"].startswith("celery -A ccg_governance beat")


def test_app_services_use_production_settings_and_only_known_variables(compose):
    known = _settings_env_names()
    for name in ("web", "worker", "beat"):
        env = compose["services"][name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "ccg_governance.settings.production"
        assert env["DEBUG"] == "0"
        assert set(env) <= known, set(env) - known


def test_database_and_broker_point_at_the_compose_services(compose):
    env = compose["services"]["web"]["environment"]
    db = compose["services"]["db"]["environment"]
    assert env["DATABASE_URL"].startswith(f"postgres://{db['POSTGRES_USER']}:")
    assert env["DATABASE_URL"].endswith(f"@db:5432/{db['POSTGRES_DB']}")
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"


def test_media_is_a_shared_volume_at_media_root_for_web_and_worker(compose):
    assert "media" in compose["volumes"]
    for name in ("web", "worker"):
        service = compose["services"][name]
        media_root = service["environment"]["MEDIA_ROOT"]
        assert f"media:{media_root}" in service["volumes"]


def test_secrets_are_required_not_defaulted(compose):
    env = compose["services"]["web"]["environment"]
    assert ":?" in env["SECRET_KEY"]
    assert ":?" in compose["services"]["db"]["environment"]["POSTGRES_PASSWORD"]
