"""Holes 4, 5 and 6 of the privileged-paths review (each rated low)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from core.client_ip import client_ip, parse_networks
from core.csv_export import safe_cell
from tests.conftest import login
from tests.interests.factories import PASSWORD, InterestFactory, OrganisationFactory

# --- 4. The organisation page counted other members' drafts -------------------------------


def test_the_organisation_page_does_not_count_other_members_drafts(
    client: Client, secretary: Any, federation_gp: Any
) -> None:
    practice = OrganisationFactory(name="Riverside Surgery")
    InterestFactory(declarant=federation_gp, organisation=practice)
    InterestFactory(declarant=federation_gp, organisation=practice, status="draft")
    login(client, secretary)
    html = client.get(reverse("organisation_detail", args=[practice.pk])).content.decode()
    assert "1 register entry names this organisation" in html
    assert "draft" not in html.lower()


def test_the_declarant_sees_their_own_draft_counted(client: Client, secretary: Any) -> None:
    practice = OrganisationFactory(name="Riverside Surgery")
    InterestFactory(declarant=secretary, organisation=practice, status="draft")
    login(client, secretary)
    html = client.get(reverse("organisation_detail", args=[practice.pk])).content.decode()
    assert "1 of your own draft, not yet submitted" in html


def test_an_administrator_without_a_register_record_opens_the_organisation_page(
    client: Client, db: Any
) -> None:
    from django.contrib.auth.models import User

    practice = OrganisationFactory(name="Riverside Surgery")
    InterestFactory(organisation=practice, status="draft")
    login(client, User.objects.create_superuser("root", "root@example.nhs.uk", PASSWORD))
    html = client.get(reverse("organisation_detail", args=[practice.pk])).content.decode()
    assert "draft" not in html.lower()


# --- 5. Lock-out behind a reverse proxy -------------------------------------------------

PROXY = "10.0.0.5"


def _sign_in(client: Client, password: str, *, forwarded_for: str) -> Any:
    return client.post(
        reverse("login"),
        {"username": "p.fedgp", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_wrong_passwords_from_one_person_do_not_lock_out_everyone_behind_the_proxy(
    client: Client, federation_gp: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "wrong-password", forwarded_for="203.0.113.9")
    assert _sign_in(client, PASSWORD, forwarded_for="203.0.113.9").status_code == 429
    response = Client().post(
        reverse("login"),
        {"username": "p.fedgp", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302, "the real owner, elsewhere, was locked out too"


def _request(remote: str, forwarded: str = "") -> Any:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Nothing trusted is in front: the peer is the client, whatever the header says.
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),
        # Through the trusted proxy: the address it received the request from.
        (PROXY, "198.51.100.7", "198.51.100.7"),
        # Two trusted proxies in a row, then the client.
        (PROXY, "198.51.100.7, 10.1.1.1", "198.51.100.7"),
        # The client wrote its own header: only the hop the proxy added counts.
        (PROXY, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Garbage from the proxy's side keeps the proxy's own address.
        (PROXY, "not-an-address", PROXY),
        ("2001:db8::1", "", "2001:db8::1"),
    ],
)
def test_the_client_address_is_what_trusted_proxies_vouch_for(
    settings: Any, remote: str, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request(remote, forwarded)) == expected


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request(PROXY, "198.51.100.7")) == PROXY


def test_a_malformed_trusted_proxy_stops_the_process() -> None:
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        parse_networks(["10.0.0.0/33"])


def test_the_variable_is_documented() -> None:
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.client_ip.client_ip"
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "`TRUSTED_PROXIES`" in readme


# --- 6. Full-width formula prefixes in CSV downloads ----------------------------------------


@pytest.mark.parametrize("prefix", ["＝", "＋", "－", "＠", "=", "+", "-", "@"])
def test_full_width_formula_prefixes_are_neutralised(prefix: str) -> None:
    cell = f'{prefix}HYPERLINK("http://evil.example","click")'
    assert safe_cell(cell) == "'" + cell


def test_a_full_width_formula_in_the_published_register_is_neutralised(
    client: Client, db: Any
) -> None:
    InterestFactory(action_taken='＝HYPERLINK("http://evil.example","click")')
    body = b"".join(client.get(reverse("published_register_csv")).streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert any(cell.startswith("'＝HYPERLINK") for cell in rows[1])
