"""Money: Decimal amounts with a currency, one rounding rule, and the weeks fees belong to.

* Amounts are ``Decimal``, never float. ``Money`` pairs an amount with its currency; adding two
  currencies is an error, not a guess.
* ``round_money`` is the one rounding helper: half up, to the currency's places (GBP 2, JPY 0).
* ``week_start`` gives the Monday of the week a day falls in. The benefits guard adds fees up by
  the week the work was done (expenses are not earnings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

CURRENCY_PLACES = {"GBP": 2, "EUR": 2, "USD": 2, "JPY": 0}
CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "JPY": "¥"}


class MoneyError(ValueError):
    """A sum that makes no sense: no currency, two currencies, or not a number."""


def places(currency: str) -> int:
    if not currency:
        raise MoneyError("An amount needs a currency.")
    return CURRENCY_PLACES.get(currency.upper(), 2)


def to_decimal(value) -> Decimal:
    """A Decimal from a Decimal, int or string. Floats are refused: they cannot hold pennies exactly."""
    if isinstance(value, bool) or isinstance(value, float):
        raise MoneyError("Use Decimal or a string for money, never float.")
    if isinstance(value, Decimal):
        return value
    try:
        result = Decimal(str(value).strip().replace(",", "").lstrip("£€$"))
    except (InvalidOperation, ValueError) as error:
        raise MoneyError(f"Not an amount: {value!r}") from error
    if not result.is_finite():
        raise MoneyError(f"Not an amount: {value!r}")
    return result


def round_money(value, currency: str = "GBP") -> Decimal:
    """Round half up to the currency's smallest unit: 0.005 becomes 0.01, -0.005 becomes -0.01."""
    exponent = Decimal(1).scaleb(-places(currency))
    return to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not self.currency:
            raise MoneyError("An amount needs a currency.")
        object.__setattr__(self, "amount", to_decimal(self.amount))
        object.__setattr__(self, "currency", self.currency.upper())

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise MoneyError("Cannot add or compare two different currencies.")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def rounded(self) -> Money:
        return Money(round_money(self.amount, self.currency), self.currency)

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


def format_money(amount, currency: str) -> str:
    """£1,234.50 for people to read, with the active locale's separators. Refuses to run without a currency."""
    value = round_money(amount, currency)
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    sign = "-" if value < 0 else ""
    number = number_format(abs(value), decimal_pos=places(currency), use_l10n=True, force_grouping=True)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency.upper()}"


def fee_for(*, hours: Decimal, rate: Decimal, unit: str, currency: str) -> Decimal:
    """The fee for some hours of work at a rate row's amount and unit, rounded once at the end.

    per hour: hours × rate. per half day: each started 4 hours is one half day. per day: each started
    8 hours is one day (so 3 hours at a half-day rate is one half day). per document: one document.
    """
    hours = to_decimal(hours)
    rate = to_decimal(rate)
    if hours < 0 or rate < 0:
        raise MoneyError("Hours and rates cannot be below zero.")
    if unit == "hour":
        return round_money(hours * rate, currency)
    if unit in ("half_day", "day"):
        block = Decimal(4) if unit == "half_day" else Decimal(8)
        count = (hours / block).to_integral_value(rounding="ROUND_CEILING")
        return round_money(count * rate, currency)
    return round_money(rate, currency)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week ``day`` falls in: the week a fee is counted in for the benefits guard."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return day - dt.timedelta(days=day.weekday())


def weekly_totals(items) -> dict[dt.date, Decimal]:
    """Add up (day, amount) pairs by the week they fall in. The total of every week is the total of all."""
    totals: dict[dt.date, Decimal] = {}
    for day, amount in items:
        key = week_start(day)
        totals[key] = totals.get(key, Decimal("0")) + to_decimal(amount)
    return totals


def assessment_period(day: dt.date, start_day: int) -> tuple[dt.date, dt.date]:
    """The Universal Credit monthly assessment period a payment on ``day`` lands in.

    ``start_day`` is the day of the month each period starts (1 to 31). In a short month a period
    that would start on, say, the 31st starts on the month's last day instead.
    """
    import calendar

    def start_in(year: int, month: int) -> dt.date:
        return dt.date(year, month, min(start_day, calendar.monthrange(year, month)[1]))

    this = start_in(day.year, day.month)
    if day >= this:
        start = this
    else:
        year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
        start = start_in(year, month)
    year, month = (start.year, start.month + 1) if start.month < 12 else (start.year + 1, 1)
    return start, start_in(year, month) - dt.timedelta(days=1)
