"""R-LE1: progress is steps done over steps, shown against the study plan (weeks × hours a week)."""

import datetime as dt

import pytest

from microcred.learning.progress import Progress, StudyPlan, study_plan


@pytest.mark.parametrize(
    ("done", "total", "percent", "is_complete"),
    [(0, 0, 0, False), (0, 4, 0, False), (1, 3, 33, False), (2, 3, 66, False), (3, 3, 100, True)],
)
def test_r_le1_progress_is_steps_done_over_steps_rounded_down(
    done: int, total: int, percent: int, is_complete: bool
) -> None:
    progress = Progress(done, total)

    assert (progress.percent, progress.is_complete) == (percent, is_complete)


def test_r_le1_progress_shows_100_only_when_every_step_is_done() -> None:
    assert Progress(199, 200).percent == 99


@pytest.mark.parametrize(("done", "total"), [(4, 3), (-1, 3), (0, -1)])
def test_r_le1_impossible_progress_is_refused(done: int, total: int) -> None:
    with pytest.raises(ValueError, match=rf"progress: {done} done of {total} steps is impossible"):
        Progress(done, total)


@pytest.mark.parametrize(
    ("today", "plan"),
    [
        (dt.date(2026, 9, 1), StudyPlan(current_week=1, weeks=12, hours_per_week=13, is_over=False)),
        (dt.date(2026, 9, 7), StudyPlan(current_week=1, weeks=12, hours_per_week=13, is_over=False)),
        (dt.date(2026, 9, 15), StudyPlan(current_week=3, weeks=12, hours_per_week=13, is_over=False)),
        (dt.date(2026, 11, 23), StudyPlan(current_week=12, weeks=12, hours_per_week=13, is_over=False)),
        (dt.date(2026, 11, 24), StudyPlan(current_week=12, weeks=12, hours_per_week=13, is_over=True)),
    ],
)
def test_r_le1_study_plan_counts_weeks_from_the_start_of_access(today: dt.date, plan: StudyPlan) -> None:
    assert study_plan(started_on=dt.date(2026, 9, 1), today=today, weeks=12, hours_per_week=13) == plan


def test_r_le1_study_plan_states_the_hours_of_the_whole_plan() -> None:
    # R-CA1: OU's 12 weeks × 13 hours = 156 hours.
    plan = study_plan(started_on=dt.date(2026, 9, 1), today=dt.date(2026, 9, 1), weeks=12, hours_per_week=13)

    assert plan.total_hours == 156


def test_r_le1_a_study_plan_without_weeks_is_refused() -> None:
    with pytest.raises(ValueError, match="study plan: weeks and hours a week must be positive"):
        study_plan(started_on=dt.date(2026, 9, 1), today=dt.date(2026, 9, 1), weeks=0, hours_per_week=13)
