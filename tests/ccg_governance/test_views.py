"""The public home page and the dashboard."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.conftest import login


def test_the_public_home_page_leads_to_the_registers_and_minutes(client: Client, db: Any) -> None:
    page = client.get(reverse("home")).content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    for name in (
        "published_register",
        "gift_published",
        "procurement_register",
        "public_minutes_index",
    ):
        assert f'href="{reverse(name)}"' in main, name
    assert "Published registers and minutes" in main


def test_the_auditors_dashboard_points_at_the_registers_exports_and_audit_trail(
    client: Client, auditor: Any
) -> None:
    login(client, auditor)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You have nothing to do" not in page
    assert "Nothing needs your action. The registers, their exports and the audit trail" in page
    for name in (
        "register_full",
        "register_full_csv",
        "gift_register",
        "gift_register_csv",
        "procurement_register_full",
        "procurement_register_full_csv",
        "audit_trail",
        "meeting_list",
    ):
        assert f'href="{reverse(name)}"' in page, name
    # Every link is one the auditor may open.
    for name in ("register_full", "gift_register", "procurement_register_full", "audit_trail"):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_member_with_nothing_to_do_is_not_sent_to_registers_they_cannot_read(
    client: Client, federation_gp: Any
) -> None:
    login(client, federation_gp)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("register_full") not in page
    assert reverse("audit_trail") not in page
