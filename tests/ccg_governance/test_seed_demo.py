from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory

from ccg_governance.demo.people import DEMO_PASSWORD, GOVERNING_BODY
from interests.models import Member


def _counts():
    return User.objects.count(), Member.objects.count()


def test_seed_creates_the_governing_body_and_is_idempotent(db, capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first

    gps = Member.objects.filter(professional_role=Member.ProfessionalRole.GP)
    lay = Member.objects.filter(professional_role=Member.ProfessionalRole.LAY)
    assert len(GOVERNING_BODY) >= 12
    assert gps.count() == 5
    assert lay.count() == 2
    assert User.objects.get(username="guardian").groups.filter(name="Conflicts Guardian").exists()
    assert User.objects.get(username="auditor").groups.filter(name="Auditor").exists()


def test_seed_prints_working_demo_logins(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert "secretary" in out
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="secretary", password=DEMO_PASSWORD) is not None


def test_seed_tells_the_federation_story(db):
    from ccg_governance.demo.register import FEDERATION, SINGLE_HANDED
    from interests.models import GiftOrHospitality, Interest, Organisation

    call_command("seed_demo")
    call_command("seed_demo")
    practices = Organisation.objects.filter(kind="gp_practice")
    assert practices.count() == 8
    federation = Organisation.objects.get(name=FEDERATION)
    members_of_federation = practices.filter(
        relationships_out__target=federation, relationships_out__kind="member_of"
    )
    assert members_of_federation.count() == 7
    assert not members_of_federation.filter(name=SINGLE_HANDED).exists()

    gps = Member.objects.filter(professional_role=Member.ProfessionalRole.GP)
    for gp in gps:
        assert gp.interests.filter(
            category="financial", organisation__kind="gp_practice"
        ).exists(), gp
    assert Interest.objects.filter(organisation=federation, nature="director").count() == 1
    assert Interest.objects.filter(nature="trustee", organisation__kind="charity").exists()
    indirect = Interest.objects.get(category="indirect")
    assert indirect.related_person_relationship == "spouse_or_partner"
    assert Interest.objects.filter(withholding="approved").count() == 1
    assert GiftOrHospitality.objects.count() >= 3
    assert Interest.objects.count() == 13
