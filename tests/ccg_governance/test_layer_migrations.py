"""Databases made before the layers were drawn upgrade in place, losing nothing.

Two things moved (docs/adr/0010-one-way-layers.md): the audit trail from the
project app to the kernel (``core``), and the link from an agenda item to the
lot it decides, from meetings to procurements. This test takes the database
back to the migrations as they were, fills it the old way, migrates forward
and checks every row, history entry and permission came through.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.roles import sync_roles

BEFORE = [
    ("ccg_governance", "0001_initial"),
    ("interests", "0005_member_affiliation"),
    ("meetings", "0005_conflict_decision_public_chain"),
    ("procurements", "0004_chair_reads_no_procurements"),
    ("core", None),
]


def _migrate(targets: list[tuple[str, str | None]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def _leaves() -> list[tuple[str, str | None]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_data(apps: Any) -> dict[str, Any]:
    User = apps.get_model("auth", "User")
    AuditEvent = apps.get_model("ccg_governance", "AuditEvent")
    Committee = apps.get_model("meetings", "Committee")
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    HistoricalAgendaItem = apps.get_model("meetings", "HistoricalAgendaItem")
    Procurement = apps.get_model("procurements", "Procurement")
    Lot = apps.get_model("procurements", "Lot")

    secretary = User.objects.create(username="old.secretary")
    event = AuditEvent.objects.create(
        actor=secretary, action="agenda.item_added", object_type="meetings.agendaitem"
    )
    committee = Committee.objects.create(name="Governing Body", quorum_minimum_voting=3)
    meeting = Meeting.objects.create(committee=committee, starts_at=timezone.now())
    procurement = Procurement.objects.create(reference="PRC-1", title="Out-of-hours")
    lot_1 = Lot.objects.create(procurement=procurement, number=1, title="Community")
    lot_2 = Lot.objects.create(procurement=procurement, number=2, title="Out-of-hours")
    decides = AgendaItem.objects.create(meeting=meeting, position=1, title="Award", lot=lot_2)
    plain = AgendaItem.objects.create(meeting=meeting, position=2, title="Finance", lot=None)
    day = timezone.now() - datetime.timedelta(days=10)
    # Item 1 was added on lot 1, then moved to lot 2; item 2 was on lot 1 and lost it.
    for item, lots in ((decides, [lot_1.pk, lot_2.pk]), (plain, [lot_1.pk, None])):
        for n, lot_id in enumerate(lots):
            HistoricalAgendaItem.objects.create(
                id=item.pk,
                meeting_id=meeting.pk,
                title=item.title,
                purpose=item.purpose,
                part=item.part,
                lot_id=lot_id,
                history_date=day + datetime.timedelta(days=n),
                history_type="+" if n == 0 else "~",
                history_user_id=secretary.pk,
            )
    return {
        "event": event.pk,
        "decides": decides.pk,
        "plain": plain.pk,
        "lots": (lot_1.pk, lot_2.pk),
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_layers_upgrades_in_place_and_loses_nothing() -> None:
    sync_roles()  # an earlier transactional test may have flushed the role groups
    leaves = _leaves()
    try:
        old = _old_data(_migrate(BEFORE))
        apps = _migrate(leaves)
    finally:
        _migrate(leaves)

    AuditEvent = apps.get_model("core", "AuditEvent")
    assert AuditEvent.objects.filter(pk=old["event"], action="agenda.item_added").exists()
    assert "core_auditevent" in connection.introspection.table_names()
    assert "ccg_governance_auditevent" not in connection.introspection.table_names()

    Group = apps.get_model("auth", "Group")
    auditor = Group.objects.get(name="Auditor")
    assert auditor.permissions.filter(
        content_type__app_label="core", codename="view_auditevent"
    ).exists()
    ContentType = apps.get_model("contenttypes", "ContentType")
    assert not ContentType.objects.filter(app_label="ccg_governance", model="auditevent").exists()

    lot_1, lot_2 = old["lots"]
    AgendaItemLot = apps.get_model("procurements", "AgendaItemLot")
    links = dict(AgendaItemLot.objects.values_list("item_id", "lot_id"))
    assert links == {old["decides"]: lot_2}

    History = apps.get_model("procurements", "HistoricalAgendaItemLot")
    story = {
        item: list(
            History.objects.filter(item_id=item)
            .order_by("history_date")
            .values_list("history_type", "lot_id")
        )
        for item in (old["decides"], old["plain"])
    }
    assert story[old["decides"]] == [("+", lot_1), ("~", lot_2)]
    assert story[old["plain"]] == [("+", lot_1), ("-", lot_1)]
    current = History.objects.filter(item_id=old["decides"]).values_list("id", flat=True)
    assert set(current) == {AgendaItemLot.objects.get(item_id=old["decides"]).pk}
