"""Template tags for claims: a claim's status tag, the organiser's claims page's three lists and a person's
own claims (those to check, and a page of the rest), each drawn by ``payments.drawing`` (these tags read
nothing from the database)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from roundtable.payments import drawing

register = template.Library()
register.simple_tag(drawing.claim_status, name="claim_status")
register.simple_tag(drawing.waiting_items, name="waiting_items")
register.simple_tag(drawing.other_rows, name="other_rows")
register.simple_tag(drawing.draft_items, name="draft_items")
register.simple_tag(drawing.my_claim_rows, name="my_claim_rows")


@register.simple_tag(takes_context=True)
def member_items(context, members, project_id: int) -> SafeString:
    """The members list of the claims page: claim links for an organiser (``access.is_organiser``)."""
    access = context.get("access")
    return drawing.member_items(members, project_id=project_id, organiser=bool(access and access.is_organiser))
