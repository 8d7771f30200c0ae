"""``{% needs_for user project as needs %}``: what waits for the person (one query; see core/needs.py)."""

from __future__ import annotations

from django import template

from roundtable.core.needs import needs_for as _needs_for

register = template.Library()


@register.simple_tag
def needs_for(user, project=None):
    """The person's needs, for one project or (``project`` empty) every project they take part in."""
    return _needs_for(user=user, project=project or None)
