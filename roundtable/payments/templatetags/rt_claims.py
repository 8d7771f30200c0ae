"""A claim's status as a coloured tag with words (never colour alone), drawn in Python because the
organiser's claims page draws one per row (bench/payments.py)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

# Status -> the GOV.UK tag colour beside its name; any other status is grey.
COLOURS = {"paid": "green", "queried": "yellow", "draft": "yellow", "approved": "blue"}


@register.simple_tag
def claim_status(claim) -> SafeString:
    """``<strong class="govuk-tag ...">Status</strong>``, then "Paid for you in advance" and "On hold"
    tags when they apply. ``claim`` is a Claim (reads ``status``, ``paid_in_advance`` and ``held_at``)."""
    tags = [(COLOURS.get(claim.status, "grey"), claim.get_status_display())]
    if claim.paid_in_advance:
        tags.append(("green", _("Paid for you in advance")))
    if claim.held_at:
        tags.append(("red", _("On hold")))
    return format_html_join(" ", '<strong class="govuk-tag govuk-tag--{}">{}</strong>', tags)


__all__ = ["claim_status"]
