"""R-AW1 … R-AW3 as properties: every option is exact and titled by the credit it uses, and the planner
agrees with a brute force over every subset of small random pools."""

import dataclasses
import datetime as dt
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.rules.awards import AwardOption, AwardOptions, HeldCredit, Shortfall, award_options
from microcred.rules.awards_ladder import award_ladder
from microcred.rules.awards_profile import profile_options
from microcred.rules.awards_search import search_options
from microcred.rules.policy import AwardStep, Policy, TitleRules, load_policy
from microcred.rules.titles import TitleKind, award_title, title_shape, title_text

UOL = load_policy(Path(__file__).parents[2] / "policies" / "uol.toml")
SUBJECTS = ("Data Science", "Law", "Cyber Security", "Art")
FIRST_DAY = dt.date(2026, 1, 1)


@st.composite
def pools(
    draw: st.DrawFn,
    sizes: tuple[int, ...] = (15,),
    max_credits: int = 14,
    providers: tuple[str, ...] = ("uol",),
    levels: tuple[int, ...] = (7,),
    first_number: int = 1,
) -> list[HeldCredit]:
    count = draw(st.integers(0, max_credits))
    return [
        HeldCredit(
            id=f"c{first_number + index}",
            provider=draw(st.sampled_from(providers)),
            subject=draw(st.sampled_from(SUBJECTS)),
            credits=draw(st.sampled_from(sizes)),
            level=draw(st.sampled_from(levels)),
            # Few days, so equal dates are common and the id decides.
            awarded_on=FIRST_DAY + dt.timedelta(days=draw(st.integers(0, 3))),
        )
        for index in range(count)
    ]


@st.composite
def policies(draw: st.DrawFn, ladders: tuple[tuple[int, ...], ...] = ((60, 120, 180),)) -> Policy:
    assert UOL.awards is not None
    ladder = draw(st.sampled_from(ladders))
    titles = TitleRules(
        minor_share_max_percent=draw(st.sampled_from((0, 25, 40, 50, 100))),
        interdisciplinary_title="Interdisciplinary Studies",
        interdisciplinary_min_subjects=draw(st.sampled_from((2, 3))),
    )
    awards = dataclasses.replace(
        UOL.awards,
        ladder=tuple(AwardStep(f"Award{credits}", credits, "Certificate") for credits in ladder),
        titles=titles,
    )
    return dataclasses.replace(UOL, awards=awards)


def brute_force(policy: Policy, held: list[HeldCredit]) -> AwardOptions:
    """The planner's rules, spelt out over every subset of the pool (R-AW1 … R-AW3)."""
    awards = policy.awards
    assert awards is not None
    pool = [
        credit
        for credit in held
        if credit.level == awards.level
        and (not awards.own_provider_only or credit.provider == policy.provider)
    ]
    totals: dict[str, int] = defaultdict(int)
    for credit in pool:
        totals[credit.subject] += credit.credits
    profile = sorted(totals, key=lambda subject: (-totals[subject], subject))
    age = {credit.id: rank for rank, credit in enumerate(sorted(pool, key=lambda c: (c.awarded_on, c.id)))}
    options: list[AwardOption] = []
    shortfall: list[Shortfall] = []
    for step in awards.ladder:
        found, reached = _brute_force_step(step, pool, profile, age, awards.titles)
        options.extend(option for _order, (_choice, option) in sorted(found.items()))
        if not found:
            shortfall.append(Shortfall(step.name, step.credits - reached))
    return AwardOptions(tuple(options), tuple(shortfall))


def _brute_force_step(
    step: AwardStep, pool: list[HeldCredit], profile: list[str], age: dict[str, int], rules: TitleRules
) -> tuple[dict[tuple[int, ...], tuple[object, AwardOption]], int]:
    found: dict[tuple[int, ...], tuple[object, AwardOption]] = {}
    reached = 0
    for size in range(len(pool) + 1):
        for subset in combinations(pool, size):
            total = sum(credit.credits for credit in subset)
            if total <= step.credits:
                reached = max(reached, total)
            if total != step.credits or not subset:
                continue
            by_subject: dict[str, list[HeldCredit]] = defaultdict(list)
            for credit in sorted(subset, key=lambda c: age[c.id]):
                by_subject[credit.subject].append(credit)
            sums = {subject: sum(c.credits for c in credits) for subject, credits in by_subject.items()}
            kind, named = title_shape(sums, rules)
            # The choice: most of the first-named subject (profile order for interdisciplinary), then the
            # oldest credit within each subject.
            order = list(named) if kind is not TitleKind.INTERDISCIPLINARY else profile
            choice = (
                tuple(-sums.get(subject, 0) for subject in order),
                tuple(tuple(age[c.id] for c in by_subject[subject]) for subject in order),
            )
            places = [profile.index(subject) for subject in named]
            listing = (int(kind), min(places, default=0), max(places, default=0), places[0] if places else 0)
            uses = tuple(c.id for subject in order for c in by_subject[subject])
            option = AwardOption(step.name, title_text(step.name, kind, named, rules), step.credits, uses)
            if listing not in found or choice < found[listing][0]:  # type: ignore[operator]
                found[listing] = (choice, option)
    return found, reached


@settings(max_examples=300, deadline=None)
@given(
    policy=policies(ladders=((20, 40), (30,), (15, 25, 45))),
    held=pools(sizes=(5, 10, 15, 20), max_credits=8, providers=("uol", "ou"), levels=(6, 7)),
)
def test_r_aw3_options_are_exactly_what_a_brute_force_over_all_subsets_finds(
    policy: Policy, held: list[HeldCredit]
) -> None:
    assert award_options(policy, held) == brute_force(policy, held)


@settings(max_examples=200, deadline=None)
@given(policy=policies(ladders=((60, 120), (30, 60, 90))), held=pools(max_credits=9))
def test_r_aw3_one_size_options_are_exactly_what_a_brute_force_finds(
    policy: Policy, held: list[HeldCredit]
) -> None:
    assert award_options(policy, held) == brute_force(policy, held)


@settings(max_examples=300, deadline=None)
@given(policy=policies(ladders=((60, 120, 180), (30, 45, 60))), held=pools(max_credits=20))
def test_r_aw3_the_fast_path_and_the_general_path_agree(policy: Policy, held: list[HeldCredit]) -> None:
    ladder = award_ladder(policy)
    assert profile_options(ladder, held) == search_options(ladder, held)


@settings(max_examples=300, deadline=None)
@given(held=pools(sizes=(5, 15), max_credits=16))
def test_r_aw3_no_credit_is_used_twice_in_an_option(held: list[HeldCredit]) -> None:
    for option in award_options(UOL, held).options:
        assert len(set(option.uses)) == len(option.uses)


@settings(max_examples=300, deadline=None)
@given(held=pools(sizes=(5, 15), max_credits=16))
def test_r_aw1_every_option_adds_up_exactly_to_its_award(held: list[HeldCredit]) -> None:
    sizes = {credit.id: credit.credits for credit in held}
    for option in award_options(UOL, held).options:
        assert sum(sizes[credit_id] for credit_id in option.uses) == option.credits


@settings(max_examples=300, deadline=None)
@given(policy=policies(ladders=((60, 120, 180), (30, 45))), held=pools(sizes=(5, 15), max_credits=16))
def test_r_aw2_each_title_is_the_subject_balance_of_the_credit_it_uses(
    policy: Policy, held: list[HeldCredit]
) -> None:
    assert policy.awards is not None
    by_id = {credit.id: credit for credit in held}
    for option in award_options(policy, held).options:
        balance: dict[str, int] = defaultdict(int)
        for credit_id in option.uses:
            balance[by_id[credit_id].subject] += by_id[credit_id].credits
        assert option.title == award_title(option.award, balance, policy.awards.titles)


@settings(max_examples=300, deadline=None)
@given(
    policy=policies(ladders=((60, 120, 180), (30, 45))),
    held=pools(sizes=(5, 15), max_credits=12),
    more=pools(sizes=(5, 15), max_credits=4, first_number=100),
)
def test_r_aw3_adding_credit_never_removes_an_option(
    policy: Policy, held: list[HeldCredit], more: list[HeldCredit]
) -> None:
    before = {(option.award, option.title) for option in award_options(policy, held).options}
    after = {(option.award, option.title) for option in award_options(policy, held + more).options}
    assert before <= after


@settings(max_examples=200, deadline=None)
@given(held=pools(max_credits=14))
def test_r_aw3_the_order_credits_are_given_in_does_not_change_the_options(held: list[HeldCredit]) -> None:
    assert award_options(UOL, held) == award_options(UOL, list(reversed(held)))
