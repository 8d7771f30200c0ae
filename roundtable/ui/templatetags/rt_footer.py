"""The footer's "contact the organisation" link, without reading the database (template tags never do)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_organisation(context: template.Context) -> Any:
    """The organisation whose contact the footer names: the page's ``organisation``, else its ``project``'s
    organisation if that is already loaded (``select_related``), else None. Never queries.
    Use: ``{% footer_organisation as footer_org %}``."""
    organisation = context.get("organisation")
    if getattr(organisation, "slug", None):
        return organisation
    project = context.get("project")
    state = getattr(project, "_state", None)
    if state is None:
        return None
    cached = state.fields_cache.get("organisation")
    return cached if getattr(cached, "slug", None) else None
