"""Bulk data for the load and issuance benchmarks, written with ``bulk_create`` in a few large statements and
a fixed seed, so every run loads the same rows in seconds rather than through the services one by one.

Learners are real accounts (a verified primary e-mail address, a password hash, names on their badges);
credits are released passes with the order, enrolment and submission the assessment release would leave. The
rows are what the services write; only the path to them is shorter. Imported by ``bench/load/run.py`` (through
``load_data``, in a Django process of its own) and by ``bench/bulk_issuance.py``.

    DJANGO_SETTINGS_MODULE=bench.load.settings PYTHONPATH=. .venv/bin/python bench/load/data.py
"""

import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20261204
LEARNERS = 100_000
# Learners of the load run holding a badge, spread over this many courses: the ids the verification asks for.
BADGED_LEARNERS = 2_000
BADGED_COURSES = 20
# One known password for every bench learner, hashed once: argon2 for each of 100,000 would take hours.
LEARNER_PASSWORD = "bench-learner-password"
BATCH = 5_000
GIVEN_NAMES = ("Ada", "Zoë", "Łukasz", "Aoife", "Olúwáseun", "Björn", "Mei", "Siobhán", "José", "Grace")
FAMILY_NAMES = ("Lovelace", "O'Neil", "Nowak", "Ní Bhriain", "Øvergård", "Hopper", "Müller", "Okafor")
MARKS = {"pass": 55, "merit": 65, "distinction": 75}


def learners_create(count: int, *, rng: random.Random, prefix: str = "learner") -> list[Any]:
    """``count`` learners with a verified primary e-mail address each (what allauth needs to log them in)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from microcred.accounts.models import User

    password = make_password(LEARNER_PASSWORD)
    users = [
        User(
            email=f"{prefix}{number}@bench.example",
            first_name=rng.choice(GIVEN_NAMES),
            last_name=f"{rng.choice(FAMILY_NAMES)} {number}",
            password=password,
        )
        for number in range(count)
    ]
    created = User.objects.bulk_create(users, batch_size=BATCH)
    addresses = [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in created]
    EmailAddress.objects.bulk_create(addresses, batch_size=BATCH)
    return created


def credits_create(learners: Sequence[Any], course: Any, *, rng: random.Random) -> list[Any]:
    """A released pass of ``course`` for each learner: order, line, enrolment, submission and credit."""
    from microcred.assessment.models import Credit, Submission, SubmissionFormat, SubmissionStatus
    from microcred.enrolment.models import Enrolment, Order, OrderKind, OrderLine

    policy = course.provider.policy
    awarded_on = dt.date(2026, 3, 12)
    released_at = dt.datetime.combine(awarded_on, dt.time(10), tzinfo=dt.UTC)
    orders = Order.objects.bulk_create(
        [
            Order(learner=learner, kind=OrderKind.PURCHASE, idempotency_key=uuid.uuid4().hex)
            for learner in learners
        ],
        batch_size=BATCH,
    )
    lines = OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                reference=f"{course.provider.slug}:{uuid.uuid4().hex}",
                microcredential=course,
                provider=course.provider,
                track="credit_bearing",
                amount_minor=49_500,
                currency="GBP",
                policy_version=policy.version,
            )
            for order in orders
        ],
        batch_size=BATCH,
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                learner=learner,
                microcredential=course,
                order_line=line,
                track="credit_bearing",
                policy_version=policy.version,
                registered_on=dt.date(2026, 1, 5),
                access_starts_on=dt.date(2026, 1, 5),
            )
            for learner, line in zip(learners, lines, strict=True)
        ],
        batch_size=BATCH,
    )
    grades = [rng.choice(list(MARKS)) for _ in learners]
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                enrolment=enrolment,
                provider=course.provider,
                attempt_number=1,
                submission_format=SubmissionFormat.FILE,
                assessment_type=course.assessment_type,
                submitted_at=released_at - dt.timedelta(days=7),
                policy_version=policy.version,
                status=SubmissionStatus.RELEASED,
                mark=MARKS[grade],
                grade=grade,
                released_at=released_at,
            )
            for enrolment, grade in zip(enrolments, grades, strict=True)
        ],
        batch_size=BATCH,
    )
    return Credit.objects.bulk_create(
        [
            Credit(
                learner=learner,
                provider=course.provider,
                microcredential=course,
                submission=submission,
                subject=course.primary_subject.name,
                credits=course.credits,
                level=course.level,
                awarded_on=awarded_on,
                grade=grade,
                policy_version=policy.version,
            )
            for learner, submission, grade in zip(learners, submissions, grades, strict=True)
        ],
        batch_size=BATCH,
    )


def analyze() -> None:
    """What autovacuum would have done on a running server after a bulk load: fresh planner statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def load_data() -> None:
    """The load run's data on top of ``microcred demo``: 10,000 more courses, 100,000 learners, and badges
    (signed by the batch issuer) for some of them."""
    from bench.catalog_pages import create_courses

    from microcred.catalog.models import Microcredential
    from microcred.credentials.services import credentials_issue_pending

    rng = random.Random(SEED)
    started = time.perf_counter()
    create_courses(rng)
    print(
        f"  courses: {Microcredential.objects.count():,} ({time.perf_counter() - started:.0f} s)", flush=True
    )
    learners = learners_create(LEARNERS, rng=rng)
    print(f"  learners: {len(learners):,} ({time.perf_counter() - started:.0f} s)", flush=True)
    courses = list(Microcredential.objects.filter(slug__startswith="bench-").order_by("pk")[:BADGED_COURSES])
    per_course = BADGED_LEARNERS // len(courses)
    for number, course in enumerate(courses):
        credits_create(learners[number * per_course : (number + 1) * per_course], course, rng=rng)
    issued = credentials_issue_pending().issued
    print(f"  badges issued: {issued:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    analyze()


if __name__ == "__main__":
    import django

    django.setup()
    load_data()
