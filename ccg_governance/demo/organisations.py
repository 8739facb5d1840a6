"""The demo network of organisations: the Northfield practices, federation, PCN and trusts."""

from __future__ import annotations

import datetime

from interests.models import Organisation, OrganisationRelationship

Kind = Organisation.Kind


FEDERATION = "Northfield GP Federation"
SINGLE_HANDED = "Moorside Surgery"
FEDERATION_PRACTICES = (
    "Riverside Surgery",
    "Hillview Medical Centre",
    "Oakwood Practice",
    "Millbrook Health Centre",
    "Castle Street Surgery",
    "Parkside Medical Practice",
    "Elm Tree Surgery",
)
PCN = "Northfield Central PCN"
PCN_PRACTICES = ("Riverside Surgery", "Oakwood Practice", "Castle Street Surgery")
COMMUNITY_TRUST = "Northfield Community Health NHS Trust"
HOSPITAL_TRUST = "Northfield Hospitals NHS Foundation Trust"
CHARITY = "Northfield Age Concern"
REFUGE = "Northfield Women's Refuge"
CCG = "Northfield CCG"
NEIGHBOUR_CCG = "Southfield CCG"
SOUTHFIELD_PRACTICES = ("Southfield Road Surgery", "Kingsway Practice")
GOVERNING_BODY = "Governing Body"

ORGANISATIONS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(FEDERATION_PRACTICES, (Kind.GP_PRACTICE, "NHS general practice")),
    SINGLE_HANDED: (Kind.GP_PRACTICE, "NHS general practice (single-handed)"),
    FEDERATION: (
        Kind.GP_FEDERATION,
        "GP federation providing extended access and community services",
    ),
    PCN: (Kind.PCN, "Primary care network"),
    COMMUNITY_TRUST: (Kind.NHS_TRUST, "NHS community health services"),
    HOSPITAL_TRUST: (Kind.NHS_TRUST, "Acute hospital services"),
    CHARITY: (
        Kind.CHARITY,
        "Charity supporting older people; provides day services under contract",
    ),
    REFUGE: (Kind.CHARITY, "Charity running a refuge"),
    **dict.fromkeys(SOUTHFIELD_PRACTICES, (Kind.GP_PRACTICE, "NHS general practice (Southfield)")),
    CCG: (Kind.PUBLIC_BODY, "Clinical commissioning group"),
    NEIGHBOUR_CCG: (Kind.PUBLIC_BODY, "Clinical commissioning group"),
}


def seed_organisations() -> dict[str, Organisation]:
    organisations = {}
    for name, (kind, business) in ORGANISATIONS.items():
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "nature_of_business": business}
        )
    since = datetime.date(2016, 4, 1)
    edges = [(p, FEDERATION) for p in FEDERATION_PRACTICES] + [(p, PCN) for p in PCN_PRACTICES]
    for source, target in edges:
        OrganisationRelationship.objects.get_or_create(
            source=organisations[source],
            target=organisations[target],
            kind=OrganisationRelationship.Kind.MEMBER_OF,
            defaults={"start_date": since},
        )
    return organisations
