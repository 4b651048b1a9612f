"""PostgreSQL only: a GIN index on the weighted full-text search expression of catalog/search.py.

The expression is repeated here, not imported, so this migration keeps meaning what it meant when it ran;
tests/catalog/test_search.py checks on PostgreSQL that a catalogue search uses this index, which fails if the
two expressions drift apart. SQLite has no full-text index: the catalogue searches it with icontains.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "catalog_mc_search_gin"


def _index() -> GinIndex:
    vector = (
        SearchVector("title", "subject_names", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("learning_outcomes", weight="C", config="english")
        + SearchVector("description", weight="D", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("catalog", "Microcredential"), _index())


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("catalog", "Microcredential"), _index())


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_courses")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
