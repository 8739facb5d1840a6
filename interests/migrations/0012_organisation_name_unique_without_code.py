"""Organisations without an ODS code have unique names (any case).

Existing duplicates (a name added twice before this constraint) are kept, never merged or
deleted here: each later copy is renamed "<name> (duplicate 2)", "(duplicate 3)"... so that
every interest, relationship and agenda item still points where it did, and the secretary
can see and tidy them. The reverse only drops the constraint.
"""

from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Lower


def rename_duplicates(apps, schema_editor):
    Organisation = apps.get_model("interests", "Organisation")
    seen: dict[str, int] = {}
    taken = {name.casefold() for name in Organisation.objects.values_list("name", flat=True)}
    for organisation in Organisation.objects.filter(ods_code="").order_by("pk"):
        key = organisation.name.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 1:
            continue
        number = seen[key]
        while f"{organisation.name} (duplicate {number})".casefold() in taken:
            number += 1
        renamed = f"{organisation.name} (duplicate {number})"[:200]
        taken.add(renamed.casefold())
        Organisation.objects.filter(pk=organisation.pk).update(name=renamed)


class Migration(migrations.Migration):
    dependencies = [("interests", "0011_organisation_name_matches")]

    operations = [
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                Lower("name"),
                condition=Q(ods_code=""),
                name="organisation_name_unique_without_code",
                violation_error_message=(
                    "There is already an organisation with this name and no ODS code"
                ),
            ),
        ),
    ]
