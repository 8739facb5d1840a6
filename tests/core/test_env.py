import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_choice, env_int, env_list, env_required


def test_booleans_accept_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("yes", True), ("TRUE", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("FLAG", raw)
        assert env_bool("FLAG", not expected) is expected


def test_unset_or_empty_boolean_takes_the_default(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True
    monkeypatch.setenv("FLAG", "")
    assert env_bool("FLAG", False) is False


def test_a_bad_boolean_stops_the_process(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", False)


def test_a_bad_number_stops_the_process(monkeypatch):
    monkeypatch.setenv("PAPER_MAX_UPLOAD_MB", "twenty")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("PAPER_MAX_UPLOAD_MB", 20)


def test_lists_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example , b.example ,")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_choices_are_checked(monkeypatch):
    monkeypatch.setenv("ORGANISATION_TYPE", "PCT")
    with pytest.raises(ImproperlyConfigured, match="not one of: CCG, ICB"):
        env_choice("ORGANISATION_TYPE", "CCG", {"CCG", "ICB"})


def test_required_values_must_be_present(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        env_required("SECRET_KEY")
