"""Template tags for the sign-in pages: how long a sign-in link works, from SIGN_IN_LINK_HOURS."""

from __future__ import annotations

from django import template

from roundtable.signin.services import link_hours

register = template.Library()


@register.simple_tag
def sign_in_link_hours() -> int:
    """Hours a sign-in link works (``{% sign_in_link_hours as hours %}``)."""
    return link_hours()
