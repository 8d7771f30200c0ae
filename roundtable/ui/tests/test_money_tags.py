"""The money filter: every amount on a page is formatted by lib/money, with its currency's symbol."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from roundtable.lib.money import Money, MoneyError


def render(source: str, **context) -> str:
    return Template("{% load rt_money %}" + source).render(Context(context))


def test_the_money_filter_refuses_no_currency():
    assert render("{{ a|money:'GBP' }}", a=Decimal("1234.5")) == "£1,234.50"
    with pytest.raises(MoneyError):
        render("{{ a|money }}", a=Decimal("1"))


def test_a_money_value_brings_its_own_symbol():
    assert render("{{ a|money }}", a=Money(Decimal("25"), "EUR")) == "€25.00"
    assert render("{{ a|money:c }}", a=Decimal("25.5"), c="USD") == "$25.50"
    assert render("{{ a|money:'GBP' }}", a=None) == ""
