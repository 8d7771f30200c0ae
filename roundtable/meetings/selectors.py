"""Every read a meetings page needs, scoped to the viewer, with a fixed number of queries.

Query counts are pinned in ``tests/test_queries.py`` at two data sizes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from roundtable.accounts.models import CommunicationProfile, Format, User
from roundtable.lib.dates import add_calendar_days
from roundtable.lib.ics import CalendarEntry
from roundtable.lib.rawsql import Columns, Table, converter, select
from roundtable.meetings.agenda import Timeline, meeting_timeline
from roundtable.meetings.availability import OptionScore, Suggestion, rank_options, score_option, suggest
from roundtable.meetings.models import (
    ACCESS_FEATURES,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CalendarSettings,
    Meeting,
    Paper,
    PaperFormat,
    PaperRecipient,
    Poll,
    PollAnswer,
    PollOption,
    SchoolHoliday,
)
from roundtable.meetings.notice import deadline_after, longest_notice
from roundtable.projects.models import MemberRole, Membership, Milestone, Project
from roundtable.projects.permissions import ProjectAccess, organisations_organised_by
from roundtable.projects.selectors import organisers_of

# --- Who is invited ------------------------------------------------------------------------------


@dataclass
class Invitee:
    """A person taking part in the project (``role``: partner or professional), so invited to its meetings."""

    user: User
    role: str  # partner, professional

    @property
    def is_partner(self) -> bool:
        return self.role == MemberRole.PARTNER


# The project's active members with their whole user and profile rows, in the order they joined. Written as SQL,
# names from the models: every meeting page reads it, and the queryset cost more to build than to run (issue 19).
_INVITEES_SQL = """
SELECT m.{membership.role}, {user_columns}, {profile_columns}
FROM {membership} m
INNER JOIN {user} u ON u.{user.id} = m.{membership.user}
LEFT JOIN {profile} pf ON pf.{profile.user} = u.{user.id}
WHERE m.{membership.project} = %(project)s AND m.{membership.status} = %(active)s
ORDER BY m.{membership.joined_at}, m.{membership.id}
"""


@lru_cache(maxsize=2)
def _invitees_read(vendor: str) -> tuple[str, Columns, Columns]:
    """The invitees' SQL for this database (``vendor`` keys the cache) and its user and profile columns."""
    users, profiles = Columns(User, "u"), Columns(CommunicationProfile, "pf")
    tables = {"membership": Table(Membership), "user": Table(User), "profile": Table(CommunicationProfile)}
    return _INVITEES_SQL.format(user_columns=users.sql, profile_columns=profiles.sql, **tables), users, profiles


def invitees(project: Project) -> list[Invitee]:
    """Everyone taking part in the project, in the order they joined: they are invited to its meetings.
    The user's profile comes with each (its notice days). One query."""
    sql, users, profiles = _invitees_read(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"project": project.pk, "active": Membership.Status.ACTIVE.value})
        rows = cursor.fetchall()
    profile_user = CommunicationProfile._meta.get_field("user")
    people = []
    for row in rows:
        user = users.instance(row, 1)
        profile = profiles.instance(row, 1 + users.width)
        profile_user.remote_field.set_cached_value(user, profile)
        if profile is not None:
            profile_user.set_cached_value(profile, user)
        people.append(Invitee(user=user, role=row[0]))
    return people


@dataclass(frozen=True)
class InviteeNeeds:
    """What the meeting page needs to know of everyone invited, without reading them whole.

    ``notice_days``: each invitee's notice from their profile (None when they gave none), one per invitee;
    ``formats``: the paper formats each invitee asked for, by user id, only for those who asked for any."""

    notice_days: list[int | None]
    formats: dict[int, list[str]]

    @property
    def count(self) -> int:
        """How many people are invited."""
        return len(self.notice_days)


_NEEDS_SQL = """
SELECT m.{membership.user}, pf.{profile.notice_days}, pf.{profile.formats}
FROM {membership} m
LEFT JOIN {profile} pf ON pf.{profile.user} = m.{membership.user}
WHERE m.{membership.project} = %(project)s AND m.{membership.status} = %(active)s
ORDER BY m.{membership.joined_at}, m.{membership.id}
"""


@lru_cache(maxsize=2)
def _needs_read(vendor: str) -> tuple[str, Callable[[Any], Any]]:
    """The SQL of ``invitee_needs`` for this database (``vendor`` keys the cache) and the formats' converter."""
    tables = {"membership": Table(Membership), "profile": Table(CommunicationProfile)}
    return _NEEDS_SQL.format(**tables), converter(CommunicationProfile, "formats")


def invitee_needs(project: Project) -> InviteeNeeds:
    """The notice and formats asked for by everyone ``invitees`` would return, read as three columns a
    person rather than whole user and profile rows (the meeting page's hot read; issue 19). One query."""
    sql, formats_of = _needs_read(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"project": project.pk, "active": Membership.Status.ACTIVE.value})
        rows = cursor.fetchall()
    formats: dict[int, list[str]] = {}
    for user_id, _days, raw in rows:
        if raw and raw != "[]":  # most people ask for no format: skip decoding their empty list
            asked = formats_of(raw)
            if asked:
                formats[user_id] = list(asked)
    return InviteeNeeds(notice_days=[days for _user, days, _raw in rows], formats=formats)


def attendance_people(meeting: Meeting) -> list[tuple[User, str]]:
    """Who can be on the register, as (user, role) pairs: members in the order they joined, then the
    project's organisation admins and organisers not already there (role ``staff``), by name. Two queries."""
    people = [(p.user, p.role) for p in invitees(meeting.project)]
    seen = {u.pk for u, _ in people}
    for user in organisers_of(organisation_id=meeting.project.organisation_id):
        if user.pk not in seen:
            seen.add(user.pk)
            people.append((user, Attendance.Role.STAFF))
    return people


# --- The project's meetings ----------------------------------------------------------------------


@dataclass
class MeetingList:
    upcoming: Sequence[Meeting]  # each with paper_count and late_count
    past: Sequence[Meeting]
    cancelled: Sequence[Meeting]
    open_polls: Sequence[Poll]  # each with option_count
    late_total: int = 0
    late_by_person: list[tuple[str, int]] = field(default_factory=list)


def meeting_list(*, project: Project, access: ProjectAccess, now: dt.datetime | None = None) -> MeetingList:
    """Upcoming, past and cancelled meetings with paper counts, and open polls. 2 queries (4 for organisers)."""
    now = now or timezone.now()
    released = Q(papers__released_at__isnull=False)
    meetings = list(
        Meeting.objects.filter(project=project)
        .annotate(
            paper_count=Count("papers", filter=released if not access.is_organiser else Q(papers__isnull=False)),
            late_count=Count("papers", filter=Q(papers__is_late=True)),
        )
        .order_by("starts_at", "id")
    )
    upcoming = [m for m in meetings if not m.is_cancelled and m.booked_until >= now]
    past = [m for m in reversed(meetings) if not m.is_cancelled and m.booked_until < now]
    cancelled = [m for m in meetings if m.is_cancelled and m.starts_at >= now]
    polls = list(
        Poll.objects.filter(project=project, status=Poll.Status.OPEN)
        .annotate(option_count=Count("options"))
        .order_by("-created_at")
    )
    result = MeetingList(upcoming=upcoming, past=past, cancelled=cancelled, open_polls=polls)
    if access.is_organiser:
        result.late_total = sum(m.late_count for m in meetings)
        result.late_by_person = late_papers_by_person(project=project)
    return result


def late_papers_by_person(*, project: Project) -> list[tuple[str, int]]:
    """How many papers each person got late in this project: evidence for the health check. One query."""
    rows = (
        PaperRecipient.objects.filter(project=project, is_late=True)
        .values("user_id", "user__full_name")
        .annotate(n=Count("id"))
        .order_by("-n", "user__full_name")
    )
    return [(r["user__full_name"], r["n"]) for r in rows]


def late_papers_by_meeting(*, project: Project) -> dict[int, int]:
    rows = Paper.objects.filter(project=project, is_late=True).values("meeting_id").annotate(n=Count("id"))
    return {r["meeting_id"]: r["n"] for r in rows}


@dataclass(frozen=True)
class MeetingSnippet:
    """A meeting as the project page's panel lists it: its pk, title, start and end (aware datetimes)."""

    pk: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass(frozen=True)
class PollSnippet:
    """An open availability poll as the project page's panel lists it."""

    pk: int
    title: str


# The next meetings and the open polls in one UNION ALL (a poll row carries its created_at twice, so the
# columns have one type on every database). Written as SQL, names from the models: the two querysets cost more
# to build than to run on the project page (issue 19).
_SUMMARY_SQL = """
SELECT * FROM (
  SELECT 'meeting' AS kind, m.{meeting.id} AS pk, m.{meeting.title} AS title, m.{meeting.starts_at} AS starts_at,
         m.{meeting.ends_at} AS ends_at
  FROM {meeting} m
  WHERE m.{meeting.project} = %(project)s AND m.{meeting.status} = %(scheduled)s AND m.{meeting.ends_at} >= %(now)s
  ORDER BY m.{meeting.starts_at}, m.{meeting.id} LIMIT %(limit)s
) AS upcoming
UNION ALL
SELECT * FROM (
  SELECT 'poll', p.{poll.id}, p.{poll.title}, p.{poll.created_at}, p.{poll.created_at}
  FROM {poll} p
  WHERE p.{poll.project} = %(project)s AND p.{poll.status} = %(open)s
  ORDER BY p.{poll.created_at} DESC, p.{poll.id} DESC LIMIT %(limit)s
) AS polls
"""


@lru_cache(maxsize=2)
def _summary_sql(vendor: str) -> tuple[str, Callable, Callable]:
    """The summary's SQL for this database (``vendor`` keys the cache) and the converters of its two times."""
    sql = _SUMMARY_SQL.format(meeting=Table(Meeting), poll=Table(Poll))
    return sql, converter(Meeting, "starts_at"), converter(Meeting, "ends_at")


def project_meetings_summary(*, project: Project, now: dt.datetime | None = None, limit: int = 3) -> dict:
    """For the snippet on the project page: ``{"upcoming_meetings": [MeetingSnippet], "open_polls":
    [PollSnippet]}``, at most ``limit`` of each: the scheduled meetings not yet over, soonest first, and the
    open polls, newest first. 1 query."""
    now = now or timezone.now()
    sql, starts, ends = _summary_sql(connection.vendor)
    params: dict[str, Any] = {
        "project": project.pk,
        "scheduled": Meeting.Status.SCHEDULED.value,
        "open": Poll.Status.OPEN.value,
        "now": connection.ops.adapt_datetimefield_value(now),
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    upcoming = [MeetingSnippet(pk, title, starts(a), ends(b)) for kind, pk, title, a, b in rows if kind == "meeting"]
    polls = [PollSnippet(pk, title) for kind, pk, title, _a, _b in rows if kind == "poll"]
    return {"upcoming_meetings": upcoming, "open_polls": polls}


def project_panel(*, project: Project, access=None, user=None) -> dict:
    """The meetings panel of the project page (``projects.panels``): ``project_meetings_summary``. 1 query."""
    return project_meetings_summary(project=project)


# --- One meeting ---------------------------------------------------------------------------------


@dataclass
class PaperGroup:
    """One paper and its other formats, in the order the viewer should see them.

    ``paper`` is listed first: the viewer's own format (from their profile, most wanted first) when
    there is a version in it, otherwise the original. ``versions`` are the rest, original included.
    ``title`` and ``summary`` are always the original's; ``preferred`` is True when ``paper`` was put
    first because it is in the viewer's format; ``show_format`` is False when the title already says
    the format ("Study outline (Easy Read)"), so it is not said twice.
    """

    paper: Paper
    versions: list[Paper]
    title: str = ""
    summary: str = ""
    preferred: bool = False
    show_format: bool = True


def _says_format(paper: Paper) -> bool:
    return str(paper.get_format_display()).casefold() in paper.title.casefold()


def order_for_viewer(group: PaperGroup, formats: list[str]) -> PaperGroup:
    """Put the version in the viewer's first wanted format first (Joe: Easy Read). Pure; no queries."""
    original = group.paper
    everything = [original, *group.versions]
    first = next((v for fmt in formats for v in everything if v.format == fmt and fmt != "standard"), original)
    rest = [v for v in everything if v.pk != first.pk]
    return PaperGroup(
        paper=first,
        versions=rest,
        title=original.title,
        summary=original.summary,
        preferred=first is not original,
        show_format=not _says_format(first),
    )


@dataclass
class AttendanceSummary:
    rows: list[Attendance]
    came: int
    apologies: int
    absent: int
    staff_paid: int


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[AgendaItem]
    timeline: Timeline
    papers: list[PaperGroup]
    unreleased: int
    invited: int
    notice_days: int
    deadline: dt.datetime
    seconds_to_deadline: int
    missing_formats: dict[str, int]
    attendance: AttendanceSummary | None
    late_count: int
    is_past: bool
    my_attendance: Attendance | None = None


def missing_formats(*, meeting: Meeting, people: list[Invitee], papers: list[Paper]) -> dict[str, int]:
    """Formats people asked for in their profile that no paper has: {label: how many people}."""
    asked = (getattr(getattr(person.user, "profile", None), "formats", None) or [] for person in people)
    return formats_missing_among(asked, papers=papers)


def formats_missing_among(asked: Iterable[Sequence[str]], *, papers: list[Paper]) -> dict[str, int]:
    """Paper formats in ``asked`` (each person's list of formats) that no paper in ``papers`` has:
    {label in the active language: how many people asked for it}, in the order first asked. No queries."""
    have = {p.format for p in papers}
    labels = dict(Format.choices)
    needed: dict[str, int] = {}
    for formats in asked:
        for fmt in formats:
            if fmt in PaperFormat.values and fmt not in have:
                label = str(labels.get(fmt, fmt))
                needed[label] = needed.get(label, 0) + 1
    return needed


def meeting_page(*, meeting: Meeting, access: ProjectAccess, user: User, now: dt.datetime | None = None) -> MeetingPage:
    """Everything on the meeting page. 4 queries (agenda, papers, members, attendance)."""
    now = now or timezone.now()
    items = select(AgendaItem, where={"meeting": meeting.pk}, order=("order", "id"))
    papers = select(Paper, where={"meeting": meeting.pk}, order=("id",))
    needs = invitee_needs(meeting.project)
    visible = papers if access.is_organiser else [p for p in papers if p.is_released]
    groups: list[PaperGroup] = []
    by_id = {p.pk: PaperGroup(p, []) for p in visible if p.version_of_id is None}
    for paper in visible:
        if paper.version_of_id and paper.version_of_id in by_id:
            by_id[paper.version_of_id].versions.append(paper)
        elif paper.version_of_id:
            by_id[paper.pk] = PaperGroup(paper, [])
    # The viewer's formats come from the members' needs (no extra query); none when they are not a member.
    groups = [order_for_viewer(group, needs.formats.get(user.pk, [])) for group in by_id.values()]
    notice_days = longest_notice(meeting, needs.notice_days)
    deadline = deadline_after(meeting, notice_days)
    attendance = None
    my_attendance = None
    rows = list(Attendance.objects.filter(meeting=meeting).select_related("user").order_by("role", "user__full_name"))
    if rows:
        attendance = AttendanceSummary(
            rows=rows,
            came=sum(r.status == AttendanceStatus.ATTENDED for r in rows),
            apologies=sum(r.status == AttendanceStatus.APOLOGIES for r in rows),
            absent=sum(r.status == AttendanceStatus.ABSENT for r in rows),
            staff_paid=sum(r.paid_work_time for r in rows),
        )
        my_attendance = next((r for r in rows if r.user_id == user.pk), None)
    return MeetingPage(
        meeting=meeting,
        items=items,
        timeline=meeting_timeline(meeting, items),
        papers=groups,
        unreleased=sum(1 for p in papers if not p.is_released),
        invited=needs.count,
        notice_days=notice_days,
        deadline=deadline,
        seconds_to_deadline=int((deadline - now).total_seconds()),
        missing_formats=formats_missing_among(needs.formats.values(), papers=papers) if access.is_organiser else {},
        attendance=attendance,
        late_count=sum(1 for p in papers if p.is_late),
        is_past=meeting.booked_until < now,
        my_attendance=my_attendance,
    )


# --- Polls ---------------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    name: str
    answer: str
    reason: str
    note: str
    is_partner: bool


@dataclass
class OptionForm:
    option: PollOption
    answer: str
    reason: str
    note: str
    suggestion: Suggestion
    from_profile: bool


@dataclass
class PollPage:
    poll: Poll
    options: list[PollOption]
    mine: list[OptionForm]
    answered: bool
    ranked: list[OptionScore]
    not_answered: list[str]
    invited: int


def holidays_for(*, project: Project) -> list[tuple[dt.date, dt.date]]:
    rows = SchoolHoliday.objects.filter(Q(organisation__isnull=True) | Q(organisation_id=project.organisation_id))
    return [(h.starts_on, h.ends_on) for h in rows]


def poll_page(*, poll: Poll, access: ProjectAccess, person: User) -> PollPage:
    """The poll for one person (their answers, or suggestions from their profile) and, for organisers,
    the options ranked with who would be left out and what it would cost. 5 queries (+1 for organisers)."""
    options = list(PollOption.objects.filter(poll=poll).order_by("starts_at", "id"))
    answers = list(PollAnswer.objects.filter(option__poll=poll).select_related("user"))
    holidays = holidays_for(project=poll.project)
    profile = getattr(person, "profile", None) if hasattr(person, "profile") else None
    mine_by_option = {a.option_id: a for a in answers if a.user_id == person.pk}
    mine = []
    for option in options:
        suggestion = suggest(profile, option.starts_at, option.ends_at, holidays)
        existing = mine_by_option.get(option.pk)
        if existing is not None:
            mine.append(OptionForm(option, existing.answer, existing.reason, existing.note, suggestion, False))
        else:
            mine.append(
                OptionForm(
                    option, suggestion.answer, suggestion.reason, suggestion.note, suggestion, bool(suggestion.answer)
                )
            )
    ranked: list[OptionScore] = []
    not_answered: list[str] = []
    people = invitees(poll.project)
    if access.is_organiser:
        roles = {p.user.pk: p.is_partner for p in people}
        by_option: dict[int, list[AnswerRow]] = {o.pk: [] for o in options}
        for a in answers:
            by_option.setdefault(a.option_id, []).append(
                AnswerRow(a.user.full_name, a.answer, a.reason, a.note, roles.get(a.user_id, False))
            )
        ranked = rank_options([score_option(o, by_option.get(o.pk, [])) for o in options])
        answered_ids = {a.user_id for a in answers}
        not_answered = [p.user.full_name for p in people if p.user.pk not in answered_ids]
    return PollPage(
        poll=poll,
        options=options,
        mine=mine,
        answered=bool(mine_by_option),
        ranked=ranked,
        not_answered=not_answered,
        invited=len(people),
    )


# --- Calendars -----------------------------------------------------------------------------------

# The feed's window: meetings and milestones from this many calendar days ago, and every one to come
# (issue 19: a feed that grows for ever gets slower for ever; calendar apps keep what they already have).
FEED_PAST_DAYS = 90


@dataclass(frozen=True)
class FeedSources:
    """What a person's calendar feed is made from: querysets over the window, and their alarm lead times
    (minutes before the start)."""

    meetings: QuerySet[Meeting]
    milestones: QuerySet[Milestone]
    leads: tuple[int, ...]


def feed_sources(*, user: User, now: dt.datetime | None = None) -> FeedSources:
    """The meetings (from ``FEED_PAST_DAYS`` London calendar days ago, and all to come) and milestones
    (due from that day on) of every project the person takes part in or organises. Three queries now
    (memberships, staff roles, calendar settings); the querysets run when read."""
    now = now or timezone.now()
    member_of = set(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list("project_id", flat=True)
    )
    org_ids = set(organisations_organised_by(user.pk))
    scope = Q(project_id__in=member_of) | Q(project__organisation_id__in=org_ids)
    settings_row = CalendarSettings.objects.filter(user=user).first()
    leads = tuple(settings_row.leads() if settings_row else CalendarSettings().leads())
    since = add_calendar_days(now, -FEED_PAST_DAYS)
    # Of the project the feed shows only its title: meetings/calendar.py reads the projects once
    # (entries_for) rather than a project object joined to every row.
    meetings = Meeting.objects.filter(scope, starts_at__gte=since).only(*FEED_MEETING_FIELDS)
    milestones = Milestone.objects.filter(scope, due__gte=since.date())
    return FeedSources(
        meetings=meetings.order_by("starts_at", "id"),
        milestones=milestones.order_by("due", "id"),
        leads=leads,
    )


# The columns of a meeting that meetings/calendar.py's meeting_entry reads (not its minutes, warnings
# or register): a column missing here would cost a query per meeting, which tests/test_queries.py catches.
FEED_MEETING_FIELDS = (
    "id",
    "project",
    "title",
    "purpose",
    "status",
    "format",
    "starts_at",
    "ends_at",
    "overrun_minutes",
    "venue_name",
    "venue_address",
    *(name for name, _label in ACCESS_FEATURES),
    "join_url",
    "dial_in",
    "uid",
    "sequence",
    "created_at",
    "updated_at",
    "cancel_reason",
)


def calendar_entries(*, user: User, now: dt.datetime | None = None) -> list[CalendarEntry]:
    """Every meeting and milestone in the feed's window (``feed_sources``), with alarms at the person's
    reminder lead times. Five queries whatever the number of projects or meetings."""
    from roundtable.meetings.calendar import entries_for

    return entries_for(feed_sources(user=user, now=now))


def feed_owner(*, token: str) -> User | None:
    row = CalendarSettings.objects.filter(feed_token=token).select_related("user").first()
    if row is None or not row.user.is_active:
        return None
    return row.user


def my_upcoming(*, user: User, now: dt.datetime | None = None, limit: int = 20) -> list[Meeting]:
    now = now or timezone.now()
    member_of = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values("project_id")
    return list(
        Meeting.objects.filter(project_id__in=member_of, ends_at__gte=now)
        .select_related("project")
        .order_by("starts_at")[:limit]
    )


# --- Small reads for the meeting pages -----------------------------------------------------------


def recent_meetings(*, project: Project, limit: int = 50) -> list[Meeting]:
    """The project's latest ``limit`` meetings, newest first, to choose one from a list (1 query)."""
    return list(Meeting.objects.filter(project=project).order_by("-starts_at")[:limit])


def calendar_alarms(*, user: User) -> tuple[int, ...]:
    """The person's reminder lead times in minutes for a calendar file, or the defaults before they
    chose (1 query; reading never makes a settings row)."""
    row = CalendarSettings.objects.filter(user=user).first()
    return tuple(row.leads() if row else CalendarSettings().leads())


def meeting_papers(*, meeting: Meeting) -> list[Paper]:
    """The meeting's papers in the order they were added (1 query)."""
    return list(Paper.objects.filter(meeting=meeting).order_by("id"))


def meeting_paper(*, meeting: Meeting, paper_id) -> Paper:
    """One paper of this meeting; Http404 for another meeting's or none (1 query)."""
    return get_object_or_404(Paper, pk=paper_id, meeting=meeting)


def meeting_agenda_item(*, meeting: Meeting, item_id) -> AgendaItem:
    """One agenda item of this meeting; Http404 for another meeting's or none (1 query)."""
    return get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)


def register_form_data(*, meeting: Meeting) -> tuple[dict[int, Attendance], list[AgendaItem]]:
    """What the register form starts from: the attendance already recorded, by user id, and the agenda
    items in their order (2 queries)."""
    existing = {a.user_id: a for a in Attendance.objects.filter(meeting=meeting)}
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "id"))
    return existing, items


def poll_option(*, poll: Poll, option_id) -> PollOption:
    """One option of this poll; Http404 for another poll's or none (1 query)."""
    return get_object_or_404(PollOption, pk=option_id, poll=poll)
