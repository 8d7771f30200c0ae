"""Shared by every meetings write: the fields a change is news for, message topics, addresses."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from roundtable.lib.urls import absolute_url
from roundtable.meetings.models import (
    Meeting,
)

MEETING_FIELDS = [
    "title",
    "purpose",
    "format",
    "starts_at",
    "ends_at",
    "overrun_minutes",
    "break_every_minutes",
    "break_minutes",
    "open_discussion_minutes",
    "notice_days",
    "venue_name",
    "venue_address",
    "step_free",
    "parking",
    "hearing_loop",
    "quiet_room",
    "accessible_toilets",
    "access_notes",
    "join_url",
    "dial_in",
]
# A change to any of these is news for everyone invited, and for their calendars.
NEWS_FIELDS = [
    "starts_at",
    "ends_at",
    "overrun_minutes",
    "format",
    "venue_name",
    "venue_address",
    "join_url",
    "dial_in",
]


URGENT_WITHIN = dt.timedelta(hours=24)  # a change or cancellation this close goes at once (issue 12)


def notice_topic(meeting: Meeting) -> str:
    """The topic of a meeting's notices and reminders (``"meeting:<id>:notice"``)."""
    return f"meeting:{meeting.pk}:notice"


def papers_topic(meeting: Meeting) -> str:
    return f"meeting:{meeting.pk}:papers"


def meeting_url(meeting: Meeting) -> str:
    return absolute_url(reverse("meetings:meeting", args=[meeting.project_id, meeting.pk]))


def meeting_ics_url(meeting: Meeting) -> str:
    return absolute_url(reverse("meetings:meeting_ics", args=[meeting.project_id, meeting.pk]))
