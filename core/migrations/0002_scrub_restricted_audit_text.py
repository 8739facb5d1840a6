"""Remove restricted text that the old audit trail copied from its records (ADR 0011).

The trail used to store ``str(obj)`` for every record, so confidential Part II item titles,
paper titles, members' draft entries and declarations made at meetings could be read on
/audit/ by anyone who reads the trail. From now on these types are stored by reference only
and named at display time through their own access checks; this blanks the text already
stored. The list is fixed here (migrations are history): it is the types the apps register
with ``core.audit.register_audit_subject`` at the time of writing.

There is no way back: the reverse leaves the rows as they are, because the removed text must
not be written into the trail again (and rebuilding it from today's records would not be what
was stored then).
"""

from django.db import migrations

RESTRICTED_TYPES = [
    "meetings.meeting",
    "meetings.agendaitem",
    "meetings.paper",
    "meetings.itemminutes",
    "meetings.conflictdecision",
    "meetings.meetingdeclaration",
    "interests.interest",
    "procurements.lotdocument",
]


def scrub(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditEvent.objects.filter(object_type__in=RESTRICTED_TYPES).exclude(object_repr="").update(
        object_repr=""
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop, elidable=False)]
