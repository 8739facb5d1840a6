"""Search by part of a word, served by trigram indexes on PostgreSQL.

The register's, the people list's and the organisations' searches ask for any part of a
name or a description (Django's ``icontains``: ``UPPER(col::text) LIKE UPPER('%word%')``).
A B-tree cannot serve a pattern that starts with ``%``; a GIN index of trigrams on
``UPPER(col)`` can, and PostgreSQL uses it for exactly that expression. Measured on
seed_scale's data (docs/scaling.md):

- ``interests_interest.description`` (the register's "any words"): 21 ms -> 1.6 ms;
- ``interests_organisation.name`` (organisation searches and the suggestions shown as a
  member types, with the national practice file about 14,600 rows): 0.7 ms -> 0.1 ms at
  2,500 organisations, growing with the file rather than with each keystroke;
- ``interests_member.last_name`` / ``first_name`` (people and register searches): 0.8 ms ->
  0.3 ms;
- ``interests_interest.organisation_name`` (typed names not yet linked).

SQLite has no trigram indexes: there the same searches scan, which is fine at the size a
laptop holds. ``pg_trgm`` is a trusted extension (PostgreSQL 13+): the database owner may
create it.
"""

from django.db import migrations

INDEXES = {
    "interests_interest_description_trgm": ("interests_interest", "description"),
    "interests_interest_org_name_trgm": ("interests_interest", "organisation_name"),
    "interests_organisation_name_trgm": ("interests_organisation", "name"),
    "interests_member_last_name_trgm": ("interests_member", "last_name"),
    "interests_member_first_name_trgm": ("interests_member", "first_name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("interests", "0006_training_records")]

    operations = [migrations.RunPython(create, drop)]
