"""Regression tests from the security review: each asserts the safe behaviour."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from procurements.models import Bid
from procurements.selectors.lot_facts import lot_check
from procurements.services.documents import lot_document_upload
from procurements.services.procurements import procurement_save
from tests.conftest import login
from tests.meetings.conftest import pdf


def test_a_conflicted_procurement_lead_loses_the_bid_documents(client: Client, story: Any) -> None:
    p = story.lot.procurement
    procurement_save(
        actor=story.secretary.user, procurement=p, fields={"procurement_lead": story.fed_gp}
    )
    doc = lot_document_upload(
        actor=story.secretary.user,
        lot=story.lot,
        kind="bid",
        title="Federation bid",
        upload=pdf(),
        bid=Bid.objects.get(lot=story.lot, organisation=story.federation),
    )
    assert lot_check(story.lot, [story.fed_gp])[story.fed_gp.pk]  # engine: conflicted on the lot
    login(client, story.fed_gp)
    r = client.get(reverse("lot_document_download", args=[doc.pk]))
    assert r.status_code == 403, "lead with an interest in a bidder opens the bidder's bid"
