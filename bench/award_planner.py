"""Benchmark of the award planner (R-AW3) over 100,000 learners with credit, on PostgreSQL.

Needs DATABASE_URL naming a PostgreSQL server: creates a database ``microcred_bench_awards``, migrates it,
makes 64 UoL courses and 100,000 learners holding 4 to 8 credits each (about 600,000 credits, written with
set-based SQL), then times

- the batch "who can claim what" over every learner (``claimable_by_learner``: one query streaming credit
  ordered by learner), target under 60 s;
- 200 requests of ``/my/awards/`` for one learner with 8 credits, target p95 under 50 ms;

prints the figures and drops the database.

    SECRET_KEY=bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/award_planner.py
"""

import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

LEARNERS = 100_000
COURSES = 64
REQUESTS = 200
TARGET_BATCH_S = 60.0
TARGET_P95_MS = 50.0
BENCH_DATABASE = "microcred_bench_awards"
ROOT = Path(__file__).resolve().parents[1]
SUBJECTS = ("Data Science", "Cyber Security", "Global Health", "Education", "Law", "Management")

# Learner l holds credit k (1 ≤ k ≤ 4 + l mod 5) of course (l + 7k) mod 64: distinct courses per learner.
# Every row of learner l and credit k has the id (l − 1) × 8 + k in each table.
PLAN = f"""
CREATE TEMP TABLE plan AS
SELECT l, k, (l - 1) * 8 + k AS row_id, ((l + 7 * k) % {COURSES}) AS course_index
FROM generate_series(1, {LEARNERS}) AS l CROSS JOIN generate_series(1, 8) AS k
WHERE k <= 4 + l % 5
"""
INSERTS = (
    """INSERT INTO accounts_user (id, password, is_superuser, first_name, last_name, is_staff, is_active,
       date_joined, email, role)
       SELECT l, '!', false, '', '', false, true, now(), 'learner' || l || '@example.org', 'learner'
       FROM generate_series(1, %(learners)s) AS l""",
    """INSERT INTO enrolment_order (id, public_id, kind, idempotency_key, created_at, learner_id)
       SELECT l, gen_random_uuid(), 'purchase', 'bench-' || l, now(), l
       FROM generate_series(1, %(learners)s) AS l""",
    """INSERT INTO enrolment_orderline (id, public_id, reference, track, amount_minor, currency,
       policy_version, declarations, declarations_version, microcredential_id, order_id, provider_id)
       SELECT row_id, gen_random_uuid(), 'uol:bench-' || row_id, 'credit_bearing', 49500, 'GBP', %(version)s,
       '[]', '', course.id, l, %(provider)s FROM plan JOIN course_ids AS course USING (course_index)""",
    """INSERT INTO enrolment_enrolment (id, public_id, track, status, policy_version, declarations,
       declarations_version, registered_on, access_starts_on, created_at, learner_id, microcredential_id,
       order_line_id)
       SELECT row_id, gen_random_uuid(), 'credit_bearing', 'active', %(version)s, '[]', '', '2025-09-01',
       '2025-09-01', now(), l, course.id, row_id FROM plan JOIN course_ids AS course USING (course_index)""",
    """INSERT INTO assessment_submission (id, public_id, attempt_number, submission_format, assessment_type,
       submitted_at, policy_version, file, file_name, file_type, text, is_word_count_stated,
       is_over_word_limit, answers, status, mark, grade, feedback, needs_moderation, version, enrolment_id,
       provider_id)
       SELECT row_id, gen_random_uuid(), 1, 'text', 'project', now(), %(version)s, '', '', '', 'bench', false,
       false, '[]', 'released', 65, 'merit', '', false, 1, row_id, %(provider)s FROM plan""",
    """INSERT INTO assessment_credit (id, public_id, subject, credits, level, awarded_on, grade,
       policy_version, created_at, learner_id, microcredential_id, provider_id, submission_id)
       SELECT row_id, gen_random_uuid(), course.subject, 15, 7, DATE '2026-01-01' + k, 'merit', %(version)s,
       now(), l, course.id, %(provider)s, row_id FROM plan JOIN course_ids AS course USING (course_index)""",
)


def _url_patterns() -> list[object]:
    from django.urls import include, path

    return [path("", include("microcred.web.award_urls")), path("", include("microcred.config.urls"))]


@contextmanager
def bench_database() -> Iterator[str]:
    """The DATABASE_URL of a fresh PostgreSQL database for this run, dropped afterwards."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/award_planner.py: DATABASE_URL must name a PostgreSQL server")
    import psycopg

    parts = urlsplit(given)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        yield urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


def create_courses() -> None:
    from django.db import connection
    from tests.factories.catalog import MicrocredentialFactory, ProviderFactory, SubjectFactory

    provider = ProviderFactory(slug="uol")
    courses = [
        MicrocredentialFactory(
            provider=provider,
            title=f"{SUBJECTS[index % len(SUBJECTS)]} {index}",
            primary_subject=SubjectFactory(name=SUBJECTS[index % len(SUBJECTS)]),
        )
        for index in range(COURSES)
    ]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE course_ids (course_index int, id bigint, subject text)")
        for index, course in enumerate(courses):
            subject = SUBJECTS[index % len(SUBJECTS)]
            cursor.execute("INSERT INTO course_ids VALUES (%s, %s, %s)", [index, course.pk, subject])
        cursor.execute(PLAN)
        values = {"learners": LEARNERS, "version": provider.policy.version, "provider": provider.pk}
        for statement in INSERTS:
            cursor.execute(statement, values)
        for table in (
            "accounts_user",
            "enrolment_order",
            "enrolment_orderline",
            "enrolment_enrolment",
            "assessment_submission",
            "assessment_credit",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute("VACUUM ANALYZE")


def time_batch() -> float:
    from microcred.awards.selectors_batch import claimable_by_learner
    from microcred.catalog.models import Provider

    provider = Provider.objects.get(slug="uol")
    started = time.perf_counter()
    learners = claimable = options = 0
    for _learner_id, found in claimable_by_learner(provider):
        learners += 1
        claimable += bool(found.options)
        options += len(found.options)
    elapsed = time.perf_counter() - started
    print(
        f"batch: {learners:,} learners planned in {elapsed:.1f} s (target < {TARGET_BATCH_S:.0f} s); "
        f"{claimable:,} can claim an award now, {options:,} options in all"
    )
    return elapsed


def time_page() -> float:
    from django.conf import settings
    from django.test import Client

    from microcred.accounts.models import User

    # The award pages, until the site's URL conf includes them.
    settings.ROOT_URLCONF = "__main__"
    client = Client()
    # Learner 4 holds 8 credits (4 + 4 mod 5 = 8).
    client.force_login(User.objects.get(pk=4))
    client.get("/my/awards/", secure=True)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get("/my/awards/", secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"/my/awards/ for a learner with 8 credits, {REQUESTS} requests: median "
        f"{statistics.median(timings):.1f} ms, p95 {p95:.1f} ms (target p95 < {TARGET_P95_MS:.0f} ms)"
    )
    return p95


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred.config.settings")
    os.environ["MICROCRED_VAR_DIR"] = str(ROOT / "var" / "bench")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    with bench_database() as database_url:
        os.environ["DATABASE_URL"] = database_url
        import django
        from django.core.management import call_command

        django.setup()
        globals()["urlpatterns"] = _url_patterns()
        call_command("migrate", verbosity=0)
        # As deployed: static files collected, so the manifest storage resolves {% static %}.
        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        create_courses()
        print(f"data: {LEARNERS:,} learners with credit written in {time.perf_counter() - started:.1f} s")
        batch = time_batch()
        p95 = time_page()
    if batch >= TARGET_BATCH_S or p95 >= TARGET_P95_MS:
        sys.exit("above target")


if __name__ == "__main__":
    main()
