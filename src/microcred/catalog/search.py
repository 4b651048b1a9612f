"""Catalogue text search (R-CA6).

On PostgreSQL: full-text search, stemmed with the English configuration ("breeding" finds "breed"), over the
weighted document (title and subjects A, summary B, outcomes C, description D) that migration 0004 stores in
the generated column ``search_document`` with a GIN index, ranked by ts_rank. Elsewhere (SQLite): every word
must appear, case-insensitively, in one of the same fields, ranked by where it appears.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from microcred.catalog.models import Microcredential

SEARCH_CONFIG = "english"
# Field and weight used by the portable search; the same order as the PostgreSQL vector's weights.
_PORTABLE_FIELD_WEIGHTS = (
    ("title", 8),
    ("subject_names", 8),
    ("summary", 4),
    ("learning_outcomes", 2),
    ("description", 1),
)
# A query is a handful of words; more than this is noise, and each word adds a clause.
MAX_WORDS = 8


def search(queryset: QuerySet[Microcredential], text: str) -> QuerySet[Microcredential]:
    """Microcredentials matching ``text``, annotated with ``relevance`` (higher first)."""
    text = " ".join(text.split()[:MAX_WORDS])
    if not text:
        return queryset.annotate(relevance=Value(0, output_field=IntegerField()))
    if connections[queryset.db].vendor == "postgresql":
        return _full_text(queryset, text)
    return _portable(queryset, text)


def _full_text(queryset: QuerySet[Microcredential], text: str) -> QuerySet[Microcredential]:
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    # A column PostgreSQL generates and Django never writes (migration 0004), so not a model field.
    table = Microcredential._meta.db_table
    document = RawSQL(f'"{table}"."search_document"', [], output_field=SearchVectorField())
    return (
        queryset.alias(document=document)
        .filter(document=query)
        .annotate(relevance=SearchRank(document, query))
    )


def _portable(queryset: QuerySet[Microcredential], text: str) -> QuerySet[Microcredential]:
    words = text.split()
    for word in words:
        matches_word = Q()
        for field, _weight in _PORTABLE_FIELD_WEIGHTS:
            matches_word |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches_word)
    score = sum(
        (
            Case(When(**{f"{field}__icontains": word}, then=Value(weight)), default=Value(0))
            for word in words
            for field, weight in _PORTABLE_FIELD_WEIGHTS
        ),
        start=Value(0),
    )
    return queryset.annotate(relevance=score)
