"""On PostgreSQL the database itself refuses to change or delete the audit trail.

A row-level trigger raises on every UPDATE or DELETE of ``core_auditevent``, whoever sends
it: the application, the Django admin, a shell, a report tool with the app's credentials. It
runs after ``core.0002`` (the one data migration that rewrote the trail, blanking restricted
text) and after every migration that moved the table; a later migration that needs to touch
old rows must drop and re-create the trigger, in the open, in its own file.

TRUNCATE is left alone: it is how Django's test runner empties a database between tests, and
only the database owner may run it. SQLite (development and most tests) has no such
trigger; the model refuses changes there too (``core.models.AuditEvent``).
"""

from django.db import migrations

FUNCTION = "core_auditevent_append_only"
TRIGGER = "core_auditevent_append_only"

CREATE = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail cannot be changed or deleted (% refused on core_auditevent)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS {TRIGGER} ON core_auditevent;
CREATE TRIGGER {TRIGGER}
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""

DROP = f"""
DROP TRIGGER IF EXISTS {TRIGGER} ON core_auditevent;
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # the SQL has a literal "%"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_auditevent_actor_index"),
        # After the table moved to core and its content type with it.
        ("ccg_governance", "0002_auditevent_moved_to_core"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
