"""The link between an agenda item and the lot it decides moves from meetings to procurements.

Meetings sit below procurements (docs/adr/0010-one-way-layers.md), so the link
is ours now: ``AgendaItemLot`` replaces ``meetings.AgendaItem.lot``. This runs
before meetings.0006 removes that column, copying every current link and its
history (each change of an item's lot, with its date and who made it), so
nothing is lost; reversed, it copies them back.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def _link_events(HistoricalAgendaItem, AgendaItem):
    """(item id, lot id or None, history row) each time an item's lot changed, oldest first."""
    previous = {}
    rows = HistoricalAgendaItem.objects.filter(id__in=AgendaItem.objects.values("id")).order_by(
        "id", "history_date", "history_id"
    )
    for row in rows.iterator():
        lot_id = row.lot_id
        if lot_id != previous.get(row.id):
            yield row.id, lot_id, row
        previous[row.id] = lot_id


def copy_links_from_items(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    HistoricalAgendaItem = apps.get_model("meetings", "HistoricalAgendaItem")
    AgendaItemLot = apps.get_model("procurements", "AgendaItemLot")
    HistoricalAgendaItemLot = apps.get_model("procurements", "HistoricalAgendaItemLot")
    live = {}
    # Replay each item's lot changes, so every link's history keeps its own id.
    for item_id, lot_id, row in _link_events(HistoricalAgendaItem, AgendaItem):
        link = live.get(item_id)
        if link is not None and lot_id is None:
            kind = "-"
            link_id = link.id
            del live[item_id]
            link.delete()
            link.id = link_id
        elif link is not None:
            kind = "~"
            link.lot_id = lot_id
            link.save()
        else:
            kind = "+"
            link = live[item_id] = AgendaItemLot.objects.create(item_id=item_id, lot_id=lot_id)
        HistoricalAgendaItemLot.objects.create(
            id=link.id,
            item_id=item_id,
            lot_id=lot_id if lot_id is not None else link.lot_id,
            history_date=row.history_date,
            history_change_reason=row.history_change_reason,
            history_type=kind,
            history_user_id=row.history_user_id,
        )
    # The items as they are now are the truth (rows made without history included).
    for item in AgendaItem.objects.only("id", "lot_id"):
        link = live.get(item.id)
        if item.lot_id is None and link is not None:
            link.delete()
        elif item.lot_id is not None and link is None:
            AgendaItemLot.objects.create(item_id=item.id, lot_id=item.lot_id)
        elif link is not None and link.lot_id != item.lot_id:
            link.lot_id = item.lot_id
            link.save()


def copy_links_back_to_items(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    HistoricalAgendaItem = apps.get_model("meetings", "HistoricalAgendaItem")
    AgendaItemLot = apps.get_model("procurements", "AgendaItemLot")
    HistoricalAgendaItemLot = apps.get_model("procurements", "HistoricalAgendaItemLot")
    for link in AgendaItemLot.objects.all():
        AgendaItem.objects.filter(pk=link.item_id).update(lot_id=link.lot_id)
    events = {}
    for change in HistoricalAgendaItemLot.objects.order_by("history_date", "history_id"):
        lot_id = None if change.history_type == "-" else change.lot_id
        events.setdefault(change.item_id, []).append((change.history_date, lot_id))
    for row in HistoricalAgendaItem.objects.filter(id__in=list(events)).iterator():
        lot_id = None
        for when, value in events[row.id]:
            if when <= row.history_date:
                lot_id = value
        if row.lot_id != lot_id:
            row.lot_id = lot_id
            row.save(update_fields=["lot"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_conflict_decision_public_chain"),
        ("procurements", "0004_chair_reads_no_procurements"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The column we copy from is removed by meetings.0006: copy first. (run_before keeps
    # meetings' migrations free of any dependency on procurements.)
    run_before = [("meetings", "0006_lot_link_moves_to_procurements")]

    operations = [
        migrations.CreateModel(
            name="AgendaItemLot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="procurement_lot",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "lot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deciding_items",
                        to="procurements.lot",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="HistoricalAgendaItemLot",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "lot",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="procurements.lot",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical agenda item lot",
                "verbose_name_plural": "historical agenda item lots",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(copy_links_from_items, copy_links_back_to_items),
    ]
