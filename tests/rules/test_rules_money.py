"""R-EN7: money is integer minor units with a currency; no floats."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.rules.errors import RuleInputError
from microcred.rules.money import Money, format_money, total

amounts = st.integers(min_value=-(10**12), max_value=10**12)


def test_r_en7_money_adds_and_subtracts_in_one_currency() -> None:
    assert Money(49500, "GBP") + Money(15000, "GBP") - Money(4500, "GBP") == Money(60000, "GBP")


def test_r_en7_money_of_two_currencies_does_not_mix() -> None:
    with pytest.raises(RuleInputError, match="cannot combine GBP and EUR"):
        Money(100, "GBP") + Money(100, "EUR")


@pytest.mark.parametrize("amount", [4.95, True, "495"])
def test_r_en7_money_refuses_anything_but_integer_minor_units(amount: object) -> None:
    with pytest.raises(RuleInputError, match="amount_minor: an integer number of minor units is required"):
        Money(amount, "GBP")  # type: ignore[arg-type]


def test_r_en7_money_refuses_a_currency_that_is_not_an_iso_code() -> None:
    with pytest.raises(RuleInputError, match="currency: an ISO 4217 code"):
        Money(100, "£")


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(49500, "GBP"), "£495.00"),
        (Money(120000, "GBP"), "£1,200.00"),
        (Money(5, "GBP"), "£0.05"),
        (Money(-550, "GBP"), "-£5.50"),
        (Money(1250, "EUR"), "€12.50"),
        (Money(1250, "CHF"), "12.50 CHF"),
        (Money(500, "JPY"), "500 JPY"),
    ],
)
def test_r_en7_money_is_written_with_symbol_and_minor_units(money: Money, text: str) -> None:
    assert format_money(money) == text
    assert str(money) == text


def test_r_en7_an_empty_total_is_zero_in_its_currency() -> None:
    assert total([], "GBP") == Money(0, "GBP")


def test_r_en7_money_orders_by_amount_in_one_currency() -> None:
    assert min(Money(120000, "GBP"), Money(40000, "GBP")) == Money(40000, "GBP")
    with pytest.raises(RuleInputError):
        _ = Money(1, "GBP") < Money(2, "EUR")


@given(amounts, amounts, amounts)
def test_r_en7_addition_is_associative_and_subtraction_undoes_it(a: int, b: int, c: int) -> None:
    x, y, z = Money(a, "GBP"), Money(b, "GBP"), Money(c, "GBP")

    assert (x + y) + z == x + (y + z)
    assert (x + y) - y == x
    assert x + Money.zero("GBP") == x
    assert x - x == Money.zero("GBP")
    assert -x + x == Money.zero("GBP")


@given(st.lists(amounts, max_size=20))
def test_r_en7_total_is_the_integer_sum(values: list[int]) -> None:
    assert total((Money(value, "GBP") for value in values), "GBP") == Money(sum(values), "GBP")


@given(amounts)
def test_r_en7_formatting_keeps_every_penny(amount: int) -> None:
    text = format_money(Money(amount, "GBP"))
    digits = text.replace("£", "").replace(",", "").replace(".", "")

    assert int(digits) == amount
