"""R-LE1 arithmetic: progress through a course's steps, and where the learner is in its study plan. Pure
values and functions: the clock is a parameter."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """Steps done out of the course's steps. ``percent`` rounds down, so 100 means every step is done."""

    done: int
    total: int

    def __post_init__(self) -> None:
        if self.total < 0 or not 0 <= self.done <= self.total:
            raise ValueError(f"progress: {self.done} done of {self.total} steps is impossible")

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total


@dataclass(frozen=True)
class StudyPlan:
    """The stated plan (weeks × hours a week, R-CA1) and the week of it the calendar has reached."""

    current_week: int
    weeks: int
    hours_per_week: int
    is_over: bool

    @property
    def total_hours(self) -> int:
        return self.weeks * self.hours_per_week


def study_plan(*, started_on: dt.date, today: dt.date, weeks: int, hours_per_week: int) -> StudyPlan:
    """Week 1 is the first seven days from ``started_on``; after the last week the plan stays on it."""
    if weeks <= 0 or hours_per_week <= 0:
        raise ValueError("study plan: weeks and hours a week must be positive")
    elapsed_weeks = max((today - started_on).days, 0) // 7
    return StudyPlan(
        current_week=min(elapsed_weeks + 1, weeks),
        weeks=weeks,
        hours_per_week=hours_per_week,
        is_over=elapsed_weeks >= weeks,
    )
