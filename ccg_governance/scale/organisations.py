"""A three-level network of real GP practices -> PCNs -> federations, plus trusts and companies.

Practices come from the national ODS file (``../shared/data/ods/epraccur.csv``,
active GP practices grouped by their commissioner), so names, codes and
postcodes are real; where the file is absent, numbered practices stand in.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from interests.models import Organisation, OrganisationRelationship

Kind = Organisation.Kind
Edge = OrganisationRelationship.Kind
ODS_FILE = Path(settings.BASE_DIR).parent / "shared" / "data" / "ods" / "epraccur.csv"
PRACTICES_PER_PCN = 6
PCNS_PER_FEDERATION = 4


@dataclass(frozen=True)
class Practice:
    code: str
    name: str
    town: str
    postcode: str
    commissioner: str


@dataclass
class Network:
    practices: list[Organisation]
    pcns: list[Organisation]
    federations: list[Organisation]
    providers: list[Organisation]  # trusts, companies and charities

    @property
    def all(self) -> list[Organisation]:
        return self.practices + self.pcns + self.federations + self.providers


def _real_practices() -> Iterator[Practice]:
    if not ODS_FILE.exists():
        return
    with ODS_FILE.open(newline="", encoding="latin-1") as handle:
        for row in csv.reader(handle):
            if len(row) >= 26 and row[12] == "A" and row[25] == "4":
                yield Practice(row[0], row[1].title(), row[6].title(), row[9], row[14])


def _practices(count: int) -> list[Practice]:
    chosen = sorted(_real_practices(), key=lambda p: (p.commissioner, p.code))[:count]
    for n in range(len(chosen), count):
        chosen.append(Practice(f"S{n:05d}", f"Scale Surgery {n}", "Scaleton", "", f"S{n // 40}"))
    return chosen


def _chunks(
    items: list[Organisation], size: int, key: Callable[[Organisation], str]
) -> list[list[Organisation]]:
    """Groups of ``size``, never mixing two values of ``key`` (a commissioner's area)."""
    groups: list[list[Organisation]] = []
    for item in items:
        if groups and len(groups[-1]) < size and key(groups[-1][0]) == key(item):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _since(rng: random.Random) -> datetime.date:
    return datetime.date(2016, 4, 1) + datetime.timedelta(days=rng.randrange(4 * 365))


def build_network(rng: random.Random, total: int) -> Network:
    practice_count = round(total * 0.76)
    providers = total - practice_count
    practices = _practices(practice_count)
    practice_rows = [
        Organisation(
            name=p.name,
            kind=Kind.GP_PRACTICE,
            ods_code=p.code,
            postcode=p.postcode,
            nature_of_business="NHS general practice",
        )
        for p in practices
    ]
    Organisation.objects.bulk_create(practice_rows, batch_size=2000)
    area = {row.ods_code: p.commissioner for row, p in zip(practice_rows, practices, strict=True)}
    town = {row.ods_code: p.town for row, p in zip(practice_rows, practices, strict=True)}

    pcn_groups = _chunks(practice_rows, PRACTICES_PER_PCN, key=lambda o: area[o.ods_code])
    pcns = [
        Organisation(
            name=f"{town[group[0].ods_code]} Primary Care Network {n}",
            kind=Kind.PCN,
            nature_of_business="Primary care network",
        )
        for n, group in enumerate(pcn_groups, start=1)
    ]
    Organisation.objects.bulk_create(pcns, batch_size=2000)
    pcn_area = {
        pcn.pk: area[group[0].ods_code] for pcn, group in zip(pcns, pcn_groups, strict=True)
    }
    federation_groups = _chunks(pcns, PCNS_PER_FEDERATION, key=lambda o: pcn_area[o.pk])
    federations = [
        Organisation(
            name=f"{group[0].name.split(' Primary Care Network')[0]} GP Federation {n}",
            kind=Kind.GP_FEDERATION,
            nature_of_business="GP federation providing extended access and community services",
        )
        for n, group in enumerate(federation_groups, start=1)
    ]
    Organisation.objects.bulk_create(federations, batch_size=2000)

    remaining = max(0, providers - len(pcns) - len(federations))
    kinds = [Kind.NHS_TRUST, Kind.COMPANY, Kind.CHARITY, Kind.SOCIAL_ENTERPRISE]
    provider_rows = [
        Organisation(
            name=f"Scale {kinds[n % len(kinds)].label} {n + 1}",
            kind=kinds[n % len(kinds)],
            nature_of_business=f"{kinds[n % len(kinds)].label} providing services",
        )
        for n in range(remaining)
    ]
    Organisation.objects.bulk_create(provider_rows, batch_size=2000)

    edges: list[OrganisationRelationship] = []
    for pcn, group in zip(pcns, pcn_groups, strict=True):
        for practice in group:
            start = _since(rng)
            ended = rng.random() < 0.05
            edges.append(
                OrganisationRelationship(
                    source=practice,
                    target=pcn,
                    kind=Edge.MEMBER_OF,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randrange(365, 1500))
                    if ended
                    else None,
                )
            )
    for federation, group in zip(federations, federation_groups, strict=True):
        edges += [
            OrganisationRelationship(
                source=pcn, target=federation, kind=Edge.MEMBER_OF, start_date=_since(rng)
            )
            for pcn in group
        ]
    for n, provider in enumerate(provider_rows):
        if provider.kind == Kind.COMPANY and n % 3 == 0 and federations:
            edges.append(
                OrganisationRelationship(
                    source=provider,
                    target=rng.choice(federations),
                    kind=Edge.SUBSIDIARY_OF,
                    start_date=_since(rng),
                )
            )
    OrganisationRelationship.objects.bulk_create(edges, batch_size=5000)
    return Network(practice_rows, pcns, federations, provider_rows)
