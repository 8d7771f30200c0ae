"""``{{ amount|money:currency }}``: an amount for people to read. Without a currency it refuses."""

from __future__ import annotations

from django import template

from roundtable.lib.money import MoneyError, format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    if not currency:
        raise MoneyError("The money filter needs a currency: {{ amount|money:currency }}")
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)
