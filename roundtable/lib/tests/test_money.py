"""Money: rounding half up to the penny, amounts across rate changes, and week attribution (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roundtable.lib.money import (
    Money,
    MoneyError,
    assessment_period,
    fee_for,
    format_money,
    round_money,
    week_start,
    weekly_totals,
)

pennies = st.integers(min_value=-10_000_000, max_value=10_000_000)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


def test_half_up_at_the_half_penny():
    assert round_money("0.005") == Decimal("0.01")
    assert round_money("0.015") == Decimal("0.02")  # not banker's rounding
    assert round_money("-0.005") == Decimal("-0.01")
    assert round_money("2.675") == Decimal("2.68")
    assert round_money("100.5", "JPY") == Decimal("101")


def test_float_and_no_currency_are_refused():
    with pytest.raises(MoneyError):
        round_money(0.1)
    with pytest.raises(MoneyError):
        Money(Decimal("1"), "")
    with pytest.raises(MoneyError):
        Money(Decimal("1"), "GBP") + Money(Decimal("1"), "EUR")


@given(pennies, st.integers(min_value=0, max_value=9))
def test_rounding_is_half_up_to_the_penny(p, extra):
    value = Decimal(p) / 100 + Decimal(extra) / 1000 * (1 if p >= 0 else -1)
    rounded = round_money(value)
    assert abs(rounded - value) <= Decimal("0.005")
    assert rounded == rounded.quantize(Decimal("0.01"))
    if extra == 5:
        assert abs(rounded) > abs(value)  # a half penny always goes away from zero


@given(
    st.decimals(min_value=0, max_value=24, places=2),
    st.decimals(min_value=0, max_value=500, places=2),
    st.decimals(min_value=0, max_value=500, places=2),
)
def test_an_amount_across_a_rate_change_uses_each_days_rate(hours, old, new):
    before = fee_for(hours=hours, rate=old, unit="hour", currency="GBP")
    after = fee_for(hours=hours, rate=new, unit="hour", currency="GBP")
    assert before == round_money(hours * old) and after == round_money(hours * new)
    assert (before <= after) == (round_money(hours * old) <= round_money(hours * new))
    assert abs(after - before) <= abs(hours * (new - old)) + Decimal("0.01")


@given(days)
def test_week_starts_on_the_monday_within_six_days(day):
    start = week_start(day)
    assert start.weekday() == 0 and 0 <= (day - start).days <= 6


@given(st.lists(st.tuples(days, st.decimals(min_value=0, max_value=1000, places=2)), max_size=40))
def test_weekly_totals_add_up_to_the_whole(items):
    totals = weekly_totals(items)
    assert sum(totals.values(), Decimal("0")) == sum((a for _, a in items), Decimal("0"))
    for day, _amount in items:
        assert week_start(day) in totals


@given(days, st.integers(min_value=1, max_value=31))
def test_a_payment_lands_in_one_assessment_period(day, start_day):
    start, end = assessment_period(day, start_day)
    assert start <= day <= end and 27 <= (end - start).days <= 30


def test_format_money():
    assert format_money(Decimal("-3"), "GBP") == "-£3.00"
    assert format_money(Decimal("3"), "CHF") == "3.00 CHF"
