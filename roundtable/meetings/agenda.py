"""The agenda as clock times: items in order, breaks added on the way, open discussion kept at the end.

Pure: it takes plain values, so it is tested on its own (with hypothesis) and used by pages and calendars.

Rules
-----
* A break of ``break_minutes`` goes in before the item that would take the time since the last break
  (or the start) past ``break_every`` minutes, if the meeting is longer than an hour. Organisers can
  also add breaks of their own as items; a break they add resets the clock.
* Open discussion (``open_minutes``) comes after the items, before the planned end.
* Overrun (``overrun_minutes``) is the booked time after the planned end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass
class Slot:
    kind: str  # item, discussion, break, auto_break, open, overrun
    title: str
    start: dt.datetime
    end: dt.datetime
    item: Any = None

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass
class Timeline:
    slots: list[Slot]
    planned_end: dt.datetime
    booked_end: dt.datetime
    agenda_end: dt.datetime  # when the items, breaks and open discussion finish

    @property
    def over_by_minutes(self) -> int:
        """How far the agenda runs past the planned end (0 if it fits)."""
        return max(0, int((self.agenda_end - self.planned_end).total_seconds() // 60))

    @property
    def spare_minutes(self) -> int:
        return max(0, int((self.planned_end - self.agenda_end).total_seconds() // 60))

    @property
    def break_minutes(self) -> int:
        return sum(s.minutes for s in self.slots if s.kind in ("break", "auto_break"))

    @property
    def preparation_minutes(self) -> int:
        return sum(getattr(s.item, "prepare_minutes", 0) or 0 for s in self.slots if s.item is not None)


def build_timeline(
    *,
    start: dt.datetime,
    planned_end: dt.datetime,
    items: list[Any],
    break_every: int,
    break_minutes: int,
    open_minutes: int,
    overrun_minutes: int,
) -> Timeline:
    """Clock times for every part of the meeting. ``items`` need ``title``, ``kind`` and ``minutes``."""
    slots: list[Slot] = []
    clock = start
    since_break = 0
    long_meeting = (planned_end - start) > dt.timedelta(minutes=60)
    auto_breaks = long_meeting and break_every > 0 and break_minutes > 0
    for item in items:
        minutes = int(item.minutes)
        if item.kind == "break":
            slots.append(Slot("break", item.title, clock, clock + dt.timedelta(minutes=minutes), item))
            clock += dt.timedelta(minutes=minutes)
            since_break = 0
            continue
        if auto_breaks and since_break > 0 and since_break + minutes > break_every:
            slots.append(Slot("auto_break", _("Break"), clock, clock + dt.timedelta(minutes=break_minutes)))
            clock += dt.timedelta(minutes=break_minutes)
            since_break = 0
        slots.append(Slot(item.kind, item.title, clock, clock + dt.timedelta(minutes=minutes), item))
        clock += dt.timedelta(minutes=minutes)
        since_break += minutes
    if open_minutes > 0:
        if auto_breaks and since_break > 0 and since_break + open_minutes > break_every:
            slots.append(Slot("auto_break", _("Break"), clock, clock + dt.timedelta(minutes=break_minutes)))
            clock += dt.timedelta(minutes=break_minutes)
        slots.append(Slot("open", _("Open discussion"), clock, clock + dt.timedelta(minutes=open_minutes)))
        clock += dt.timedelta(minutes=open_minutes)
    agenda_end = clock
    booked_end = planned_end + dt.timedelta(minutes=overrun_minutes)
    if overrun_minutes > 0:
        overrun_start = max(planned_end, agenda_end)
        slots.append(Slot("overrun", _("Time kept in case we run over"), overrun_start, max(booked_end, overrun_start)))
    return Timeline(slots=slots, planned_end=planned_end, booked_end=booked_end, agenda_end=agenda_end)


def meeting_timeline(meeting, items: list[Any]) -> Timeline:
    return build_timeline(
        start=meeting.starts_at,
        planned_end=meeting.ends_at,
        items=items,
        break_every=meeting.break_every_minutes,
        break_minutes=meeting.break_minutes,
        open_minutes=meeting.open_discussion_minutes,
        overrun_minutes=meeting.overrun_minutes,
    )
