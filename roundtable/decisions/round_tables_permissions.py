"""Who may see and record round tables. Built on the project and meeting rules.

* Members and staff of the project see a meeting's rounds and their summaries; outsiders get 404.
* Only organisers (admin or organiser role) start a round and record turns; other members get 403.
* An agenda item that is not a round of the table, or is in another meeting, does not exist here (404).
"""

from __future__ import annotations

from django.http import Http404

from roundtable.meetings.models import AgendaItem, Meeting
from roundtable.meetings.permissions import require_meeting
from roundtable.projects.permissions import ProjectAccess


def require_round_item(
    user, project_id: int, meeting_id: int, item_id: int, *, need: str = "view"
) -> tuple[ProjectAccess, Meeting, AgendaItem]:
    """The viewer's access, the meeting and its "round the table" item, or 404/403 (see the module's text)."""
    access, meeting = require_meeting(user, project_id, meeting_id, need=need)
    item = (
        AgendaItem.objects.filter(pk=item_id, meeting=meeting, round_the_table=True)
        .exclude(kind=AgendaItem.Kind.BREAK)
        .first()
    )
    if item is None:
        raise Http404
    item.meeting = meeting
    return access, meeting, item
