"""Benchmark of the award planner (R-AW1 … R-AW3): synthetic learners through ``award_options``.

100,000 learners (fixed seed), each holding 1–14 UoL credits of 15 over 1–6 subjects drawn from twelve,
planned under ``policies/uol.toml`` in one process, without Django. The first pass starts with empty caches
and is the figure held to the target; a second pass over the same learners shows the planner once its
per-profile caches are warm. The number of options found is the same on every run and so checks the work.
"""

import datetime as dt
import gc
import random
import sys
import time
from pathlib import Path

from microcred.rules.awards import HeldCredit, award_options
from microcred.rules.policy import Policy, load_policy

LEARNERS = 100_000
SEED = 20260301
TARGET_PER_SECOND = 200_000
SUBJECTS = (
    "Artificial Intelligence",
    "Business Analytics",
    "Cyber Security",
    "Data Science",
    "Digital Marketing",
    "Education",
    "Global Health",
    "Human Resource Management",
    "International Law",
    "Project Management",
    "Psychology",
    "Sustainable Development",
)
FIRST_DAY = dt.date(2023, 1, 1)
POLICY_PATH = Path(__file__).resolve().parents[1] / "policies" / "uol.toml"


def synthetic_learner(rng: random.Random) -> list[HeldCredit]:
    count = rng.randint(1, 14)
    subjects = rng.sample(SUBJECTS, rng.randint(1, min(6, count)))
    # Every chosen subject holds at least one credit; the rest fall anywhere among them.
    chosen = subjects + [rng.choice(subjects) for _ in range(count - len(subjects))]
    return [
        HeldCredit(
            id=f"c{number}",
            provider="uol",
            subject=subject,
            credits=15,
            level=7,
            awarded_on=FIRST_DAY + dt.timedelta(days=rng.randrange(1_200)),
        )
        for number, subject in enumerate(chosen, start=1)
    ]


def timed_pass(policy: Policy, learners: list[list[HeldCredit]]) -> tuple[float, int]:
    started = time.perf_counter()
    options = 0
    for held in learners:
        options += len(award_options(policy, held).options)
    return time.perf_counter() - started, options


def main() -> None:
    policy = load_policy(POLICY_PATH)
    rng = random.Random(SEED)
    learners = [synthetic_learner(rng) for _ in range(LEARNERS)]
    # The learners live for the whole run: take them out of the collector's generations, so the timing
    # measures planning rather than full collections over 100,000 learners' credits.
    gc.freeze()
    cold, options = timed_pass(policy, learners)
    warm, _options = timed_pass(policy, learners)
    rate = LEARNERS / cold
    print(f"award_options: {LEARNERS:,} learners in {cold:.3f} s = {rate:,.0f} learners/s (one core)")
    print(f"  with warm caches: {LEARNERS / warm:,.0f} learners/s")
    print(f"  options found: {options:,}")
    if rate < TARGET_PER_SECOND:
        sys.exit(f"below target: {rate:,.0f} < {TARGET_PER_SECOND:,} learners/s")


if __name__ == "__main__":
    main()
