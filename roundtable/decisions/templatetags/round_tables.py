"""Template tags for round tables: the meeting page's panel reads its data here when no panel
registry has given it (``{% meeting_round_tables m request.user access as round_tables %}``)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def meeting_round_tables(meeting, user, access=None):
    """The meeting's rounds for the viewer (round_tables_selectors.meeting_round_tables; 1 query when the
    meeting has no "round the table" item, 4 when it has)."""
    from roundtable.decisions.round_tables_selectors import meeting_round_tables as select

    return select(meeting=meeting, user=user, access=access or None)
