"""The agenda: items added, removed and moved, and its settings. Each change raises the calendar SEQUENCE."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.meetings.models import (
    AgendaItem,
    Meeting,
)

# --- Agenda --------------------------------------------------------------------------------------


def _touch(meeting: Meeting) -> None:
    """The agenda is part of the calendar entry's description: raise SEQUENCE."""
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())


@transaction.atomic
def agenda_item_add(*, actor: User, meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
    """Add an item at the end of the meeting's agenda (``data``: the AgendaItem fields from the form; a
    break is never a round the table). Audited. Raises ValidationError for bad fields."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(project_id=meeting.project_id, meeting=meeting, order=last + 1, **data)
    if item.kind == AgendaItem.Kind.BREAK:
        item.round_the_table = False
    item.full_clean()
    item.save()
    _touch(meeting)
    audit_record(actor=actor, action="meeting.agenda_item_added", obj=meeting, summary=item.title)
    return item


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    """Take an item off the agenda. Audited (on the meeting, with the item's title)."""
    meeting = item.meeting
    title = item.title
    item.delete()
    _touch(meeting)
    audit_record(actor=actor, action="meeting.agenda_item_removed", obj=meeting, summary=title)


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, up: bool) -> None:
    """Swap an item with its neighbour. Orders are renumbered 1..n so swaps stay simple."""
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("order", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for number, row in enumerate(items, start=1):
        if row.order != number:
            AgendaItem.objects.filter(pk=row.pk).update(order=number)
    _touch(item.meeting)
    audit_record(
        actor=actor, action="meeting.agenda_item_moved", obj=item.meeting, summary=item.title, details={"up": up}
    )


@transaction.atomic
def agenda_settings_set(*, actor: User, meeting: Meeting, data: dict[str, Any]) -> Meeting:
    """Set the agenda's breaks and open time (``data``: minutes, as whole numbers). Audited."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name in ("break_every_minutes", "break_minutes", "open_discussion_minutes", "overrun_minutes"):
        if name in data:
            setattr(locked, name, data[name])
    locked.sequence += 1
    locked.save()
    audit_record(actor=actor, action="meeting.agenda_settings_set", obj=locked, summary=locked.title)
    return locked
