"""Single sign-on, end to end, against a real OpenID Connect provider on loopback.

The provider is oidc-provider-mock, started by the test on a port of its own; the service
reaches it over real HTTP (discovery, token, JWKS, userinfo) exactly as it would reach
NHSmail or Entra ID. The person's "sign in at the provider" step is a real HTTP POST to
the provider's authorisation page. Nothing of the provider is mocked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth.models import User
from django.urls import reverse
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from ccg_governance.sso.config import discovery_forget
from core.models import AuditEvent
from core.roles import Role
from tests.interests.factories import MemberFactory

PORT = 9101
ISSUER = f"http://localhost:{PORT}"

PEOPLE = {
    "gp": {"email": "Ben.Okafor@nhs.net", "email_verified": True},
    "unverified": {"email": "emma.clarke@nhs.net", "email_verified": False},
    "stranger": {"email": "someone.else@nhs.net", "email_verified": True},
    "chair-mfa": {"email": "anita.patel@nhs.net", "email_verified": True, "amr": ["pwd", "mfa"]},
    "chair": {"email": "anita.patel@nhs.net", "email_verified": True, "amr": ["pwd"]},
    "secretary": {"email": "sarah.bennett@nhs.net", "email_verified": True, "amr": ["mfa"]},
    "leaver": {"email": "peter.dunn@nhs.net", "email_verified": True},
    "admin": {"email": "break.glass@nhs.net", "email_verified": True, "amr": ["mfa"]},
}


@pytest.fixture(scope="module")
def provider() -> Iterator[Any]:
    users = [ProviderUser(sub=sub, claims=claims) for sub, claims in PEOPLE.items()]
    with run_server_in_thread(port=PORT, user_claims=users) as server:
        yield server


@pytest.fixture
def sso(settings: Any, provider: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain HTTP on loopback only
    settings.OIDC_RP_CLIENT_ID = "recuse-test"
    settings.OIDC_RP_CLIENT_SECRET = "a-client-secret"
    settings.OIDC_OP_DISCOVERY = f"{ISSUER}/.well-known/openid-configuration"
    settings.OIDC_ALLOW_PRIVILEGED = False
    discovery_forget()
    yield
    discovery_forget()


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    return {
        "gp": MemberFactory(
            first_name="Ben",
            last_name="Okafor",
            email="ben.okafor@nhs.net",
            user__username="b.okafor",
            user__email="ben.okafor@nhs.net",
            user__roles=[Role.MEMBER],
        ),
        "chair": MemberFactory(
            first_name="Anita",
            last_name="Patel",
            email="anita.patel@nhs.net",
            user__username="a.patel",
            user__email="anita.patel@nhs.net",
            user__roles=[Role.CHAIR, Role.MEMBER],
        ),
        "secretary": MemberFactory(
            first_name="Sarah",
            last_name="Bennett",
            email="sarah.bennett@nhs.net",
            user__username="s.bennett",
            user__email="sarah.bennett@nhs.net",
            user__roles=[Role.SECRETARY],
        ),
        "leaver": MemberFactory(
            first_name="Peter",
            last_name="Dunn",
            email="peter.dunn@nhs.net",
            user__username="p.dunn",
            user__email="peter.dunn@nhs.net",
            is_active=False,
            user__roles=[Role.MEMBER],
        ),
        "admin": User.objects.create_superuser("break.glass", "break.glass@nhs.net", "x" * 20),
    }


def sign_in_at_provider(client: Any, sub: str, next_url: str = "") -> Any:
    """Start at our button, sign in at the provider as ``sub``, come back to the callback."""
    start = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"{ISSUER}/oauth2/authorize?")
    # The person at the provider: a real HTTP request to its authorisation page.
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(f"{back.path}?{back.query}")


def signed_in_user(client: Any) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_sso_is_off_by_default(client, db):
    page = client.get(reverse("login"))
    assert "Sign in with your" not in page.content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_a_member_signs_in_with_their_nhs_account(client, sso, people):
    page = client.get(reverse("login"))
    assert "Sign in with your NHS account" in page.content.decode()
    response = sign_in_at_provider(client, "gp", next_url="/declarations/")
    assert response.status_code == 302
    assert response["Location"] == "/declarations/"
    assert signed_in_user(client) == people["gp"].user
    assert client.get(reverse("dashboard")).status_code == 200
    event = AuditEvent.objects.get(action="sso.signed_in")
    assert event.actor == people["gp"].user
    assert event.detail["mfa_asserted"] is False
    assert event.detail["issuer"] == ISSUER
    assert User.objects.count() == 5  # nobody was created


@pytest.mark.parametrize(
    ("sub", "reason", "words"),
    [
        ("unverified", "email_not_verified", "has not verified your email address"),
        ("stranger", "unknown", "There is nobody here with the email address"),
        ("secretary", "privileged", "must be signed in to with your username, password"),
        ("leaver", "inactive", "Your access has ended"),
        ("admin", "privileged", "must be signed in to with your username, password"),
    ],
)
def test_sso_refuses_and_says_why(client, sso, people, sub, reason, words):
    users = User.objects.count()
    response = sign_in_at_provider(client, sub)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert signed_in_user(client) is None
    page = client.get(reverse("login"))
    assert words in page.content.decode().replace("&#x27;", "'")
    refused = AuditEvent.objects.get(action="sso.refused")
    assert refused.detail["reason"] == reason
    assert User.objects.count() == users  # never creates anyone


def test_a_privileged_person_may_use_sso_only_when_allowed(client, sso, settings, people):
    settings.OIDC_ALLOW_PRIVILEGED = True
    response = sign_in_at_provider(client, "secretary")
    assert signed_in_user(client) == people["secretary"].user
    # The provider asserted multi-factor: no code asked for here.
    assert client.get(reverse("people_list")).status_code == 200
    assert AuditEvent.objects.get(action="sso.signed_in").detail["mfa_asserted"] is True
    assert response.status_code == 302


def test_two_factor_still_applies_unless_the_provider_asserts_it(client, sso, people):
    sign_in_at_provider(client, "chair")
    assert signed_in_user(client) == people["chair"].user
    held_back = client.get(reverse("dashboard"))
    assert held_back.status_code == 302
    assert held_back["Location"].startswith(reverse("two_factor_setup"))

    client.logout()
    sign_in_at_provider(client, "chair-mfa")
    assert signed_in_user(client) == people["chair"].user
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_password_sign_in_still_works_with_sso_on(client, sso, people):
    from tests.interests.factories import PASSWORD

    response = client.post(
        reverse("login"), {"username": "b.okafor", "password": PASSWORD}, follow=False
    )
    assert response.status_code == 302
    assert signed_in_user(client) == people["gp"].user


def test_cancelling_at_the_provider_signs_in_nobody(client, sso, people):
    start = client.get(reverse("oidc_authentication_init"))
    answer = requests.post(
        start["Location"], data={"action": "deny"}, allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert "error=access_denied" in back.query
    response = client.get(f"{back.path}?{back.query}")
    assert response["Location"] == reverse("login")
    assert signed_in_user(client) is None
    assert AuditEvent.objects.get(action="sso.refused").detail["reason"] == "provider_error"
