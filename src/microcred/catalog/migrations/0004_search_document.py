"""PostgreSQL only: the weighted full-text document of each microcredential, stored in a generated column and
served by a GIN index, so a search ranks its matches without rebuilding their vectors (catalog/search.py).
It replaces the expression index of migration 0003, which could find matches but not rank them cheaply.

The column is not a model field: PostgreSQL computes it, Django never writes it, and SQLite does without.
A later migration that changes the type of a column it reads (title, subject_names, summary,
learning_outcomes, description) must drop and re-create it around that change.
"""

from django.db import migrations

DOCUMENT = """
    setweight(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(subject_names, '')), 'A')
    || setweight(to_tsvector('english', coalesce(summary, '')), 'B')
    || setweight(to_tsvector('english', coalesce(learning_outcomes, '')), 'C')
    || setweight(to_tsvector('english', coalesce(description, '')), 'D')
"""
FORWARDS = (
    f"ALTER TABLE catalog_microcredential ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    "CREATE INDEX catalog_mc_search_document_gin ON catalog_microcredential USING gin (search_document)",
    "DROP INDEX IF EXISTS catalog_mc_search_gin",
)
BACKWARDS = (
    "DROP INDEX IF EXISTS catalog_mc_search_document_gin",
    "ALTER TABLE catalog_microcredential DROP COLUMN IF EXISTS search_document",
)


def _run(statements, apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(FORWARDS, apps, schema_editor)


def backwards(apps, schema_editor):
    _run(BACKWARDS, apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        from importlib import import_module

        import_module("microcred.catalog.migrations.0003_search_index").create_search_index(
            apps, schema_editor
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
