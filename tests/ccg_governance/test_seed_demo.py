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

    board = Member.objects.filter(committee_memberships__committee__name="Governing Body")
    assert len(GOVERNING_BODY) >= 12
    assert board.filter(professional_role=Member.ProfessionalRole.GP).count() == 5
    assert board.filter(professional_role=Member.ProfessionalRole.LAY).count() == 2
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
    from ccg_governance.demo.organisations import FEDERATION, SINGLE_HANDED
    from interests.models import GiftOrHospitality, Interest, Organisation

    call_command("seed_demo")
    call_command("seed_demo")
    practices = Organisation.objects.filter(kind="gp_practice").exclude(
        nature_of_business__contains="Southfield"
    )
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
    assert Interest.objects.count() == 15


def test_seed_sets_up_the_meetings_of_the_story(db):
    from meetings.models import Meeting
    from meetings.selectors.recusal_facts import meeting_assessment

    call_command("seed_demo")
    call_command("seed_demo")
    assert Meeting.objects.count() == 3
    upcoming = Meeting.objects.get(status="draft", committee__name="Governing Body")
    award = upcoming.items.get(title="Award of the out-of-hours contract")
    assessment = meeting_assessment(upcoming)
    clarke = Member.objects.get(user__username="gp.clarke")
    patel = Member.objects.get(user__username="chair")
    assert assessment.verdict(patel.pk, award.pk).conflicted
    assert not assessment.verdict(clarke.pk, award.pk).conflicted
    quorum = assessment.quorum[award.pk]
    assert not quorum.quorate
    assert "Dr N. North (GP, Southfield CCG)" in quorum.remedies[0].text
    assert assessment.chairs[award.pk].needs_handover
    smt = Meeting.objects.get(committee__name="Strategic Management Team")
    assert {item.part for item in smt.items.all()} == {"I", "II"}
    assert Meeting.objects.filter(status="minutes_approved").count() == 1


def test_seed_sets_up_the_reprocurement_with_borrowed_evaluators(db):
    from procurements.models import AwardDecision, PanelMember, Procurement

    call_command("seed_demo")
    call_command("seed_demo")
    reprocurement = Procurement.objects.get(reference="NCCG/2026/014")
    assert reprocurement.stage == "evaluation"
    assert {lot.title for lot in reprocurement.lots.all()} == {"Community services", "Out-of-hours"}
    for lot in reprocurement.lots.all():
        assert {bid.organisation.name for bid in lot.bids.all()} == {
            "Northfield GP Federation",
            "Northfield Community Health NHS Trust",
        }
        assert lot.panel.filter(status=PanelMember.Status.CLEAR).exists()
    external = PanelMember.objects.filter(member__affiliation="Southfield CCG")
    assert external.count() >= 2
    award = AwardDecision.objects.get()
    assert award.agenda_item is not None and award.agenda_item.conflict_decisions.exists()


def test_the_demo_privileged_logins_get_through_two_factor_with_the_printed_key(db, capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ccg_governance.demo.two_factor import demo_totp_key_base32

    call_command("seed_demo")
    out = capsys.readouterr().out
    assert demo_totp_key_base32() in out
    for username in ("secretary", "chair", "guardian", "auditor"):
        assert TOTPDevice.objects.filter(user__username=username, confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user__username="gp.okafor").exists()
    call_command("demo_code")
    code = capsys.readouterr().out.split()[0]
    device = TOTPDevice.objects.get(user__username="guardian")
    assert device.verify_token(code)
