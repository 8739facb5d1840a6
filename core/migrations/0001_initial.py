"""The audit trail's table, now owned by the kernel.

Until the kernel existed the project app (``ccg_governance``) created this table
as ``ccg_governance_auditevent``. A database that already has it keeps every
row: the table and its index are renamed. A new database gets the table here.
See docs/adr/0010-one-way-layers.md.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

OLD_TABLE = "ccg_governance_auditevent"
OLD_INDEX = "ccg_governa_object__462c89_idx"
NEW_INDEX = "core_audite_object__bbabc4_idx"


def _index(name):
    return models.Index(fields=["object_type", "object_id"], name=name)


def create_or_adopt_table(apps, schema_editor):
    model = apps.get_model("core", "AuditEvent")
    if OLD_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.alter_db_table(model, OLD_TABLE, model._meta.db_table)
        schema_editor.rename_index(model, _index(OLD_INDEX), _index(NEW_INDEX))
    else:
        schema_editor.create_model(model)


def give_table_back(apps, schema_editor):
    model = apps.get_model("core", "AuditEvent")
    schema_editor.rename_index(model, _index(NEW_INDEX), _index(OLD_INDEX))
    schema_editor.alter_db_table(model, model._meta.db_table, OLD_TABLE)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                        ),
                        ("action", models.CharField(db_index=True, max_length=64)),
                        ("object_type", models.CharField(blank=True, max_length=64)),
                        ("object_id", models.CharField(blank=True, max_length=64)),
                        ("object_repr", models.CharField(blank=True, max_length=300)),
                        ("detail", models.JSONField(blank=True, default=dict)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty for the system itself or an anonymous visitor.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="audit_events",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"ordering": ["-at", "-id"], "indexes": [_index(NEW_INDEX)]},
                ),
            ],
        ),
        migrations.RunPython(create_or_adopt_table, give_table_back),
    ]
