"""Meetings and milestones as calendar entries (see roundtable/lib/ics.py for the file itself)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from roundtable.lib.i18n import time_words
from roundtable.lib.ics import CalendarEntry, build_calendar
from roundtable.lib.urls import absolute_url
from roundtable.meetings.models import Meeting
from roundtable.meetings.selectors import FeedSources
from roundtable.projects.models import Milestone, Project

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


@dataclass(frozen=True)
class _Words:
    """The feed's sentences, translated once per build rather than once per meeting."""

    overrun: str
    join_online: str
    join_phone: str
    access: str
    cancelled_reason: str
    agenda: str
    cancelled_title: str

    @classmethod
    def now(cls) -> _Words:
        return cls(
            overrun=_("Time is kept until %(time)s in case we run over."),
            join_online=_("Join online: %(url)s"),
            join_phone=_("Join by phone: %(number)s"),
            access=_("Access: %(list)s"),
            cancelled_reason=_("Cancelled: %(reason)s"),
            agenda=_("Agenda and papers: %(url)s"),
            cancelled_title=_("Cancelled: %(title)s"),
        )


def _description(meeting: Meeting, url: str, words: _Words | None = None) -> str:
    words = words or _Words.now()
    lines = [meeting.project.title]
    if meeting.purpose:
        lines += ["", meeting.purpose]
    if meeting.overrun_minutes:
        lines += ["", words.overrun % {"time": time_words(meeting.booked_until)}]
    if meeting.join_url:
        lines += ["", words.join_online % {"url": meeting.join_url}]
    if meeting.dial_in:
        lines += [words.join_phone % {"number": meeting.dial_in}]
    if meeting.is_in_person:
        access = meeting.access_labels()
        if access:
            lines += [words.access % {"list": ", ".join(access)}]
    if meeting.is_cancelled and meeting.cancel_reason:
        lines += ["", words.cancelled_reason % {"reason": meeting.cancel_reason}]
    lines += ["", words.agenda % {"url": url}]
    return "\n".join(lines)


def meeting_entry(
    meeting: Meeting, *, url: str, alarms: tuple[int, ...] = (), words: _Words | None = None
) -> CalendarEntry:
    words = words or _Words.now()
    title = meeting.title if not meeting.is_cancelled else words.cancelled_title % {"title": meeting.title}
    return CalendarEntry(
        uid=meeting_uid(meeting),
        summary=title,
        dtstamp=meeting.updated_at or meeting.created_at,
        start=meeting.starts_at,
        end=meeting.booked_until,  # the booked time includes the planned overrun
        description=_description(meeting, url, words),
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
    url = absolute_url(reverse("meetings:meeting", args=[meeting.project_id, meeting.pk]))
    return build_calendar([meeting_entry(meeting, url=url, alarms=alarms)], name=meeting.title)


def person_ics(entries: list[CalendarEntry], *, name: str) -> bytes:
    return build_calendar(entries, name=name)


def _address_maker(name: str, args: int) -> Callable[..., str]:
    """A fast stand-in for ``absolute_url(reverse(name, args=...))`` for whole-number arguments: the
    address is reversed once with marker numbers, then the markers are replaced for each row."""
    markers = [str(900000001 + n) for n in range(args)]
    pattern = absolute_url(reverse(name, args=markers))

    def address(*values: int) -> str:
        text = pattern
        for marker, value in zip(markers, values, strict=True):
            text = text.replace(marker, str(int(value)))
        return text

    return address


def entries_for(sources: FeedSources) -> list[CalendarEntry]:
    """The calendar entries of a person's feed: their meetings (with alarms at their lead times), then
    their milestones. Three queries: the two querysets of ``sources`` and their projects' titles."""
    words = _Words.now()
    meeting_address = _address_maker("meetings:meeting", 2)
    project_address = _address_maker("projects:project", 1)
    meetings, milestones = list(sources.meetings), list(sources.milestones)
    # One small query for the projects' titles, shared by every row, rather than a project per row.
    project_ids = {m.project_id for m in meetings} | {m.project_id for m in milestones}
    projects = Project.objects.only("id", "title").in_bulk(project_ids) if project_ids else {}
    entries = []
    for meeting in meetings:
        meeting.project = projects[meeting.project_id]
        url = meeting_address(meeting.project_id, meeting.pk)
        entries.append(meeting_entry(meeting, url=url, alarms=sources.leads, words=words))
    for milestone in milestones:
        milestone.project = projects[milestone.project_id]
        entries.append(milestone_entry(milestone, url=project_address(milestone.project_id)))
    return entries


def _fingerprint(sources: FeedSources, *parts: object) -> str:
    """A hash of every column of every row the feed is made from (and of ``parts``), read as the
    database returns them without making model objects: cheap enough to work out on every request, and
    any change to a meeting, a milestone or a project title changes it."""
    digest = hashlib.sha256(repr(parts).encode())
    for queryset in (sources.meetings, sources.milestones):
        model = queryset.model
        columns = [f.attname for f in model._meta.concrete_fields] + ["project__title"]
        try:
            sql, params = queryset.values_list(*columns).query.sql_with_params()
        except EmptyResultSet:  # nothing to look in (no projects): no rows, and no query needed
            digest.update(b"[]")
            continue
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def person_feed(sources: FeedSources, *, name: str, seconds: int) -> bytes:
    """A person's calendar feed (bytes of an .ics file), kept in the cache for ``seconds``.

    The cache key is a hash of the rows the feed is made from (``_fingerprint``) with the name, the
    alarm times, the language and the site's address, so a kept copy is never stale: the usual request,
    when nothing changed, costs one read of the raw rows and a cache lookup. When something changed the
    feed is built again from model objects (two more queries).
    """
    key = "meetings:feed:" + _fingerprint(sources, name, sources.leads, get_language(), absolute_url("/"))
    body = cache.get(key)
    if body is None:
        body = build_calendar(entries_for(sources), name=name)
        cache.set(key, body, seconds)
    return body
