"""Signing in and out, lock-out, password reset and session expiry."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.conftest import login
from tests.interests.factories import PASSWORD


def _attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_uses_the_design_system_and_labels_its_fields(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="nhsuk-header' in html
    assert 'href="#maincontent"' in html
    assert '<label class="nhsuk-label" for="id_username">Username</label>' in html
    assert '<label class="nhsuk-label" for="id_password">Password</label>' in html


def test_a_member_signs_in_and_lands_on_the_dashboard(client, federation_gp):
    response = _attempt(client, "p.fedgp", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    page = client.get(reverse("dashboard"))
    assert "What you need to do" in page.content.decode()
    assert "Dr Ben Okafor" in page.content.decode()


def test_a_wrong_password_shows_an_error_summary_and_signs_nobody_in(client, federation_gp):
    response = _attempt(client, "p.fedgp", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct username and password" in html
    assert "<title>Error: " in html
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(client, federation_gp):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "p.fedgp", "wrong-password")
    response = _attempt(client, "p.fedgp", PASSWORD)
    assert response.status_code == 429
    assert "locked for 30 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post_and_ends_the_session(client, federation_gp):
    login(client, federation_gp)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_pages_need_sign_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_reset_sends_a_working_link(client, federation_gp):
    response = client.post(reverse("password_reset"), {"email": federation_gp.user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/]+(/accounts/reset/\S+)", str(mail.outbox[0].body))
    assert match
    link = match.group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a-brand-new-long-password-42"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    client.logout()
    assert _attempt(client, "p.fedgp", new_password).status_code == 302


def test_password_reset_does_not_reveal_whether_an_address_exists(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.nhs.uk"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_sessions_expire_after_inactivity(client, federation_gp):
    login(client, federation_gp)
    client.get(reverse("dashboard"))
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 60 * 60
    assert client.session.get_expire_at_browser_close()


@pytest.mark.parametrize(
    ("persona", "sees_audit"),
    [("auditor", True), ("secretary", True), ("guardian", True), ("federation_gp", False)],
)
def test_navigation_follows_role(client, db, request, persona, sees_audit):
    login(client, request.getfixturevalue(persona))
    html = client.get(reverse("dashboard")).content.decode()
    assert ('href="/audit/"' in html) is sees_audit
    assert client.get(reverse("audit_trail")).status_code == (200 if sees_audit else 403)


def test_error_pages_keep_the_house_style(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'class="nhsuk-header' in response.content.decode()


def test_forbidden_page_is_styled(client, federation_gp):
    login(client, federation_gp)
    response = client.get(reverse("audit_trail"))
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()


def test_pages_carry_a_content_security_policy_with_a_script_nonce(client, db):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    match = re.search(r"'nonce-([^']+)'", policy)
    assert match
    nonce = match.group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "frame-ancestors 'none'" in policy
