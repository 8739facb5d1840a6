"""Two-factor sign-in: required for the privileged roles and administrators (enrolment at
first sign-in with a QR code, recovery codes), optional for members, the admin behind it,
and a reset by another administrator that is audited and shown to the Guardian."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from core.roles import Role
from tests.conftest import login
from tests.interests.factories import PASSWORD, MemberFactory


def _password(client: Client, username: str, next_url: str = "") -> Any:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def _enrol(client: Client, user: User) -> list[str]:
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    html = client.post(reverse("two_factor_setup"), {"token": _code(device)}).content.decode()
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", html)


@pytest.mark.parametrize("persona", ["secretary", "chair", "guardian", "auditor"])
def test_the_named_roles_must_enrol_at_first_sign_in(
    client: Client, db: Any, request: Any, persona: str
) -> None:
    member = request.getfixturevalue(persona)
    response = _password(client, member.user.username)
    assert response.status_code == 302
    # Every page is held back until they have set up a second factor.
    for url in (reverse("dashboard"), reverse("people_list"), reverse("register_full")):
        held = client.get(url)
        assert held.status_code == 302 and held.url.startswith(reverse("two_factor_setup")), url
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert 'src="data:image/svg+xml' in page and "QR code" in page
    assert 'id="secret-key"' in page


def test_enrolment_checks_the_code_gives_ten_recovery_codes_and_lets_them_in(
    client: Client, secretary: Any
) -> None:
    _password(client, "p.secretary")
    client.get(reverse("two_factor_setup"))
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000x"})
    assert "The code is not right" in wrong.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302
    codes = _enrol(client, secretary.user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("dashboard")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enrolled", actor=secretary.user).exists()


def test_a_code_or_a_recovery_code_is_asked_at_every_sign_in(client: Client, guardian: Any) -> None:
    _password(client, "p.guardian")
    codes = _enrol(client, guardian.user)
    client.post(reverse("logout"))

    response = _password(client, "p.guardian", next_url=reverse("register_full"))
    held = client.get(reverse("register_full"))
    assert held.url.startswith(reverse("two_factor_verify"))
    good = client.post(
        reverse("two_factor_verify"), {"token": codes[0], "next": reverse("register_full")}
    )
    assert good.status_code == 302 and good.url == reverse("register_full")
    assert client.get(reverse("register_full")).status_code == 200
    event = AuditEvent.objects.get(action="two_factor.recovery_code_used")
    assert event.detail == {"codes_left": 9}

    # A recovery code works once; the authenticator's code works too.
    client.post(reverse("logout"))
    _password(client, "p.guardian")
    again = client.post(reverse("two_factor_verify"), {"token": codes[0]})
    assert "has been used already" in again.content.decode()
    device = TOTPDevice.objects.get(user=guardian.user, confirmed=True)
    device.last_t = -1  # the enrolment code's time step is spent; a later one comes from the app
    device.throttle_reset(commit=False)  # as if the few seconds the wrong try costs had passed
    device.save()
    assert client.post(reverse("two_factor_verify"), {"token": _code(device)}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    del response

    # A wrong code is refused and recorded (and django-otp slows down repeated guesses).
    client.post(reverse("logout"))
    _password(client, "p.guardian")
    bad = client.post(reverse("two_factor_verify"), {"token": "123456"})
    assert "The code is not right" in bad.content.decode()
    assert AuditEvent.objects.filter(action="two_factor.failed", actor=guardian.user).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def test_members_may_enrol_but_are_not_made_to(client: Client, federation_gp: Any) -> None:
    _password(client, "p.fedgp")
    assert client.get(reverse("dashboard")).status_code == 200
    assert len(_enrol(client, federation_gp.user)) == 10
    client.post(reverse("logout"))
    _password(client, "p.fedgp")  # once enrolled, they are asked like everyone else
    assert client.get(reverse("dashboard")).url.startswith(reverse("two_factor_verify"))


def test_the_admin_is_behind_two_factor(client: Client, db: Any) -> None:
    User.objects.create_superuser("root", "root@example.nhs.uk", PASSWORD)
    _password(client, "root")
    response = client.get("/admin/")
    assert response.status_code == 302 and reverse("two_factor_setup") in response.url
    _enrol(client, User.objects.get(username="root"))
    assert client.get("/admin/").status_code == 200


def test_a_password_only_session_is_held_back_whatever_the_test_helper_does(
    client: Client, secretary: Any
) -> None:
    client.force_login(secretary.user)
    assert client.get(reverse("dashboard")).status_code == 302
    login(client, secretary)  # the helper verifies through django-otp's own login
    assert client.get(reverse("dashboard")).status_code == 200


def test_another_administrator_resets_two_factor_and_it_is_audited(
    client: Client, guardian: Any
) -> None:
    root = User.objects.create_superuser("root", "root@example.nhs.uk", PASSWORD)
    login(client, guardian)  # the Guardian has an authenticator
    assert TOTPDevice.objects.filter(user=guardian.user).exists()

    secretary = MemberFactory(user__username="s.sec", user__roles=[Role.SECRETARY])
    login(client, secretary)
    assert client.post(reverse("two_factor_reset", args=[guardian.user.pk])).status_code == 403

    login(client, root)
    assert client.post(reverse("two_factor_reset", args=[root.pk])).status_code == 200
    assert TOTPDevice.objects.filter(user=root).exists()  # nobody resets their own
    response = client.post(reverse("two_factor_reset", args=[guardian.user.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=guardian.user).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.actor == root and event.detail["username"] == "p.guardian"

    # The Guardian sees it on her page, and must enrol again at her next sign-in.
    guardian_client = Client()
    _password(guardian_client, "p.guardian")
    assert guardian_client.get(reverse("dashboard")).url.startswith(reverse("two_factor_setup"))
    _enrol(guardian_client, guardian.user)
    page = guardian_client.get(reverse("privileged_actions")).content.decode()
    assert "Two-factor sign-in reset" in page and "root" in page


def test_a_verified_person_makes_new_recovery_codes_and_the_old_ones_stop_working(
    client: Client, secretary: Any
) -> None:
    _password(client, "p.secretary")
    old = _enrol(client, secretary.user)
    page = client.get(reverse("two_factor_verify")).content.decode()
    assert "Make new recovery codes" in page
    html = client.post(reverse("two_factor_recovery_codes")).content.decode()
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", html)
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    _password(client, "p.secretary")
    assert client.post(reverse("two_factor_verify"), {"token": new[0]}).status_code == 302
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes_renewed").exists()
