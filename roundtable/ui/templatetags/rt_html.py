"""Filters that keep HTML valid: ``tel:`` links and ``<time datetime>`` values (issue 13, "Valid pages")."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from roundtable.lib.phone import tel_uri

register = template.Library()


@register.filter
def tel(number) -> str:
    """``{{ phone|tel }}``: ``tel:+447700900782`` for ``07700 900782`` (see lib/phone.py)."""
    return tel_uri(str(number or ""))


@register.filter
def machine_datetime(value) -> str:
    """``<time datetime="{{ when|machine_datetime }}">``: ISO 8601 in London time to the second.

    Django's ``date:'c'`` keeps microseconds, which a ``datetime`` attribute may not have.
    """
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""
