"""Money for people to read, formatted by ``roundtable.lib.money`` (the symbol comes from the currency).

``{{ value|money }}`` for a ``Money`` value; ``{{ amount|money:currency }}`` for an amount and its
currency code (``{{ rate.amount|money:rate.currency }}``). An amount without a currency is refused
(``MoneyError``), so no page guesses "£".
"""

from __future__ import annotations

from django import template

from roundtable.lib.money import Money, MoneyError, format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    """``£1,234.50`` for Decimal("1234.5") in GBP; empty for no amount. Raises MoneyError without a currency."""
    if isinstance(amount, Money):
        return format_money(amount.amount, amount.currency)
    if not currency:
        raise MoneyError("The money filter needs a currency: {{ amount|money:currency }}")
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)
