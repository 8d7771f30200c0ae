"""Meetings and milestones as calendar entries (see roundtable/lib/ics.py for the file itself)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from roundtable.lib.i18n import time_words
from roundtable.lib.ics import CalendarEntry, build_calendar
from roundtable.lib.urls import absolute_url
from roundtable.meetings.models import Meeting
from roundtable.projects.models import Milestone

DOMAIN = "roundtable"


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting, whatever changes."""
    return f"meeting-{meeting.uid}@{DOMAIN}"


def _location(meeting: Meeting) -> str:
    parts = []
    if meeting.is_in_person:
        parts += [meeting.venue_name, meeting.venue_address.replace("\n", ", ")]
    if meeting.is_online and meeting.join_url:
        parts.append(meeting.join_url)
    if meeting.format == "phone" and meeting.dial_in:
        parts.append(meeting.dial_in)
    return ", ".join(p for p in parts if p)


def _description(meeting: Meeting, url: str) -> str:
    lines = [meeting.project.title]
    if meeting.purpose:
        lines += ["", meeting.purpose]
    if meeting.overrun_minutes:
        lines += [
            "",
            _("Time is kept until %(time)s in case we run over.") % {"time": time_words(meeting.booked_until)},
        ]
    if meeting.join_url:
        lines += ["", _("Join online: %(url)s") % {"url": meeting.join_url}]
    if meeting.dial_in:
        lines += [_("Join by phone: %(number)s") % {"number": meeting.dial_in}]
    access = meeting.access_labels()
    if meeting.is_in_person and access:
        lines += [_("Access: %(list)s") % {"list": ", ".join(access)}]
    if meeting.is_cancelled and meeting.cancel_reason:
        lines += ["", _("Cancelled: %(reason)s") % {"reason": meeting.cancel_reason}]
    lines += ["", _("Agenda and papers: %(url)s") % {"url": url}]
    return "\n".join(lines)


def meeting_entry(meeting: Meeting, *, url: str, alarms: tuple[int, ...] = ()) -> CalendarEntry:
    title = meeting.title if not meeting.is_cancelled else _("Cancelled: %(title)s") % {"title": meeting.title}
    return CalendarEntry(
        uid=meeting_uid(meeting),
        summary=title,
        dtstamp=meeting.updated_at or meeting.created_at,
        start=meeting.starts_at,
        end=meeting.booked_until,  # the booked time includes the planned overrun
        description=_description(meeting, url),
        location=_location(meeting),
        url=url,
        sequence=meeting.sequence,
        cancelled=meeting.is_cancelled,
        alarm_minutes=alarms,
    )


def milestone_entry(milestone: Milestone, *, url: str) -> CalendarEntry:
    return CalendarEntry(
        uid=f"milestone-{milestone.pk}@{DOMAIN}",
        summary=f"{milestone.project.title}: {milestone.title}",
        dtstamp=dt.datetime.combine(milestone.due, dt.time(0), tzinfo=dt.UTC),
        day=milestone.due,
        description=milestone.description,
        url=url,
    )


def meeting_ics(meeting: Meeting, *, alarms: tuple[int, ...] = ()) -> bytes:
    from django.urls import reverse

    url = absolute_url(reverse("meetings:meeting", args=[meeting.project_id, meeting.pk]))
    return build_calendar([meeting_entry(meeting, url=url, alarms=alarms)], name=meeting.title)


def person_ics(entries: list[CalendarEntry], *, name: str) -> bytes:
    return build_calendar(entries, name=name)
