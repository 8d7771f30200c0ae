"""Every write about meetings, agendas, papers, polls, attendance and calendars.

Keyword-only functions named ``<thing>_<verb>``, each in one transaction, taking the acting person.
Messages go through ``notifications.services.message_queue`` with idempotency keys:

* ``meeting:<id>:scheduled:<user>``              the meeting is booked (with a calendar invitation link)
* ``meeting:<id>:changed:<sequence>:<user>``      the time or place changed (urgent if on the day)
* ``meeting:<id>:cancelled:<user>``               cancelled (urgent if on the day)
* ``meeting:<id>:papers:<first paper id>:<user>`` papers released
* ``meeting:<id>:reminder:<lead>:<start>:<user>`` a reminder at the person's own lead time
* ``meeting:<id>:formats-missing:<user>``         the organiser: someone needs a format no paper has
* ``poll:<id>:opened:<user>``                     please say when you can come

Every message about a meeting has the topic ``meeting:<id>:notice`` (papers: ``meeting:<id>:papers``),
the project's scope, and is useful until the meeting starts. News withdraws what has not gone yet
(``notifications.services.messages_withdraw``): a change replaces the older notices and reminders, a
cancellation ends everything about the meeting except the cancellation itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.dates import add_calendar_days
from roundtable.lib.i18n import in_language_of
from roundtable.meetings import words
from roundtable.meetings.booking import BookingWarning, booking_conflicts
from roundtable.meetings.models import (
    DEFAULT_NOTICE_DAYS,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Availability,
    CalendarSettings,
    Meeting,
    Paper,
    PaperFormat,
    PaperRecipient,
    Poll,
    PollAnswer,
    PollOption,
    Reason,
    ReminderSent,
)
from roundtable.meetings.uploads import check_upload
from roundtable.notifications.services import latest_message_id, message_queue, messages_withdraw, project_scope
from roundtable.projects.models import MemberRole, Membership, Project, StaffMembership, StaffRole

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


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def meeting_url(meeting: Meeting) -> str:
    return _absolute(reverse("meetings:meeting", args=[meeting.project_id, meeting.pk]))


def meeting_ics_url(meeting: Meeting) -> str:
    return _absolute(reverse("meetings:meeting_ics", args=[meeting.project_id, meeting.pk]))


# --- Who is invited ------------------------------------------------------------------------------


@dataclass
class Invitee:
    user: User
    role: str  # partner, professional

    @property
    def is_partner(self) -> bool:
        return self.role == MemberRole.PARTNER


def invitees(project: Project) -> list[Invitee]:
    """Everyone taking part in the project: they are invited to its meetings. One query."""
    rows = (
        Membership.objects.filter(project=project, status=Membership.Status.ACTIVE)
        .select_related("user", "user__profile")
        .order_by("joined_at", "id")
    )
    return [Invitee(user=m.user, role=m.role) for m in rows]


def notice_days_for(meeting: Meeting, people: list[Invitee]) -> int:
    """The notice papers need: the meeting's own, or the project default, or the longest anyone asked for."""
    base = meeting.notice_days if meeting.notice_days is not None else DEFAULT_NOTICE_DAYS
    asked = [getattr(getattr(p.user, "profile", None), "notice_days", None) or 0 for p in people]
    return max([base, *asked])


def release_deadline(meeting: Meeting, people: list[Invitee]) -> dt.datetime:
    """When papers must go out: the notice in calendar days before the start, at the same time on the
    London clock (8pm on 6 April, 10 days' notice: 8pm on 27 March, even across the clock change). UTC."""
    return add_calendar_days(meeting.starts_at, -notice_days_for(meeting, people))


# --- Meetings ------------------------------------------------------------------------------------


def _validate_times(starts_at: dt.datetime, ends_at: dt.datetime, *, allow_past: bool = False) -> None:
    errors = {}
    if not allow_past and starts_at <= timezone.now():
        errors["starts_at"] = _("The meeting must be in the future. Choose a later date or time.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end time must be after the start time.")
    if errors:
        raise ValidationError(errors)


def _meeting_words(meeting: Meeting) -> str:
    lines = [
        _("When: %(when)s.") % {"when": words.when(meeting.starts_at, meeting.ends_at)},
    ]
    if meeting.overrun_minutes:
        lines.append(
            _("We have kept time until %(time)s in case we run over. That time is paid too.")
            % {"time": words.clock(meeting.booked_until)}
        )
    lines.append(_("How: %(format)s.") % {"format": meeting.get_format_display()})
    if meeting.is_in_person and (meeting.venue_name or meeting.venue_address):
        place = ", ".join(x for x in [meeting.venue_name, meeting.venue_address.replace("\n", ", ")] if x)
        lines.append(_("Where: %(place)s.") % {"place": place})
        access = meeting.access_labels()
        if access:
            lines.append(_("Access: %(list)s.") % {"list": ", ".join(access)})
    if meeting.is_online and meeting.join_url:
        lines.append(_("Join online: %(url)s") % {"url": meeting.join_url})
    if meeting.dial_in:
        lines.append(_("Join by phone: %(number)s") % {"number": meeting.dial_in})
    return "\n".join(lines)


def _tell_everyone(
    meeting: Meeting,
    *,
    actor: User | None,
    kind: str,
    key: str,
    words_for: Callable[[], tuple[str, str]],
    urgent: bool = False,
) -> int:
    """Tell everyone invited, each in their own language: ``words_for()`` gives (subject, intro) in the active one."""
    people = invitees(meeting.project)
    calendar_url = meeting_ics_url(meeting) if kind != "meeting_cancelled" else ""
    for person in people:
        with in_language_of(person.user):
            subject, intro = words_for()
            body = f"{intro}\n\n{_meeting_words(meeting)}"
            if calendar_url:
                body += "\n\n" + _("Add it to your calendar: %(url)s") % {"url": calendar_url}
            message_queue(
                recipient=person.user,
                sender=actor,
                organiser=meeting.project.contact or actor,
                organisation_id=meeting.project.organisation_id,
                kind=kind,
                subject=subject,
                body=body,
                link_url=meeting_url(meeting),
                link_text=_("See the meeting"),
                group_label=meeting.project.title,
                urgent=urgent,
                idempotency_key=key.format(user=person.user.pk),
                topic=notice_topic(meeting),
                scope=project_scope(meeting.project_id),
                useful_until=meeting.starts_at,
            )
    return len(people)


def _is_soon(*moments: dt.datetime) -> bool:
    """Whether any of these moments is within the next 24 hours (or has passed): news about it cannot wait."""
    now = timezone.now()
    return any(m - now <= URGENT_WITHIN for m in moments)


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    project: Project,
    data: dict,
    notify: bool = True,
    already_held: bool = False,
    warn_first: bool = False,
    despite: str = "",
) -> Meeting:
    """Book a meeting and tell everyone taking part, their way, with a calendar invitation.

    ``already_held`` records a meeting that took place before it was entered (so its attendance can
    be recorded and paid); nobody is told about it.

    ``warn_first`` (the booking page): if the time does not suit some partners (their caring, their
    contact hours, the notice they asked for; see booking.py), raise ``BookingWarning`` listing who and
    why, unless ``despite`` gives the organiser's reason to book anyway. The reason and the warnings are
    kept on the meeting and audited.
    """
    _validate_times(data["starts_at"], data["ends_at"], allow_past=already_held)
    notify = notify and not already_held
    conflicts = []
    if warn_first and not already_held:
        conflicts = _check_booking(project, data["starts_at"], data["ends_at"], despite)
    meeting = Meeting(project=project, created_by=actor, **{k: v for k, v in data.items() if k in MEETING_FIELDS})
    if conflicts:
        meeting.booked_despite = despite.strip()[:2000]
        meeting.booking_warnings = [c.as_json() for c in conflicts]
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor, action="meeting.created", obj=meeting, summary=meeting.title,
        details={"booked_despite": meeting.booked_despite, "warnings": meeting.booking_warnings} if conflicts else None,
    )  # fmt: skip
    if notify:
        _tell_everyone(
            meeting,
            actor=actor,
            kind="meeting_scheduled",
            key=f"meeting:{meeting.pk}:scheduled:{{user}}",
            words_for=lambda: (
                _("New meeting: %(title)s") % {"title": meeting.title},
                _("%(project)s has a new meeting: %(title)s.") % {"project": project.title, "title": meeting.title},
            ),
        )
    return meeting


def _check_booking(project: Project, starts_at: dt.datetime, ends_at: dt.datetime, despite: str) -> list:
    """The booking warnings for this time; raises ``BookingWarning`` if there are some and no reason."""
    from roundtable.meetings.selectors import holidays_for

    conflicts = booking_conflicts(
        people=invitees(project), starts_at=starts_at, ends_at=ends_at, holidays=holidays_for(project=project)
    )
    if conflicts and not despite.strip():
        raise BookingWarning(conflicts)
    return conflicts


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, data: dict, warn_first: bool = False, despite: str = ""
) -> Meeting:
    """Change a meeting. If the time or place changes, calendars get a new SEQUENCE and everyone is told.

    ``warn_first`` (the change page): a new time that does not suit some partners raises
    ``BookingWarning`` unless ``despite`` gives a reason, as for booking (see ``meeting_create``).
    """
    locked = Meeting.objects.select_for_update(of=("self",)).select_related("project").get(pk=meeting.pk)
    if locked.is_cancelled:
        raise ValidationError(_("This meeting is cancelled. Book a new one instead."))
    old = {f: getattr(locked, f) for f in NEWS_FIELDS}
    old_start = locked.starts_at
    new_start, new_end = data.get("starts_at", locked.starts_at), data.get("ends_at", locked.ends_at)
    _validate_times(new_start, new_end, allow_past=new_start == locked.starts_at)
    if warn_first and (new_start, new_end) != (locked.starts_at, locked.ends_at):
        conflicts = _check_booking(locked.project, new_start, new_end, despite)
        locked.booked_despite = despite.strip()[:2000] if conflicts else ""
        locked.booking_warnings = [c.as_json() for c in conflicts]
    for name, value in data.items():
        if name in MEETING_FIELDS:
            setattr(locked, name, value)
    changed = [f for f in NEWS_FIELDS if getattr(locked, f) != old[f]]
    locked.sequence = F("sequence") + 1
    locked.full_clean(exclude=["sequence"])
    locked.save()
    locked.refresh_from_db()
    details: dict[str, Any] = {"fields": changed}
    if locked.booking_warnings and "starts_at" in changed:
        details.update(booked_despite=locked.booked_despite, warnings=locked.booking_warnings)
    audit_record(actor=actor, action="meeting.changed", obj=locked, summary=locked.title, details=details)
    if changed:
        messages_withdraw(
            topic=notice_topic(locked),
            upto_message_id=latest_message_id(),
            reason=_("The meeting changed after this was written. The newer message about it replaces this one."),
            actor=actor,
        )
        _tell_everyone(
            locked,
            actor=actor,
            kind="meeting_changed",
            key=f"meeting:{locked.pk}:changed:{locked.sequence}:{{user}}",
            words_for=lambda: (
                _("Meeting changed: %(title)s") % {"title": locked.title},
                _("The meeting %(title)s has changed. Here are the new details.") % {"title": locked.title},
            ),
            urgent=_is_soon(old_start, locked.starts_at),
        )
    return locked


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str = "") -> Meeting:
    locked = Meeting.objects.select_for_update(of=("self",)).select_related("project").get(pk=meeting.pk)
    if locked.is_cancelled:
        return locked
    locked.status = Meeting.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason.strip()[:2000]
    locked.sequence += 1
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence", "updated_at"])
    audit_record(actor=actor, action="meeting.cancelled", obj=locked, summary=reason)
    why = _("The meeting was cancelled on %(day)s.") % {"day": words.day(locked.cancelled_at)}
    messages_withdraw(topic=notice_topic(locked), spare_kind="meeting_cancelled", reason=why, actor=actor)
    messages_withdraw(topic=papers_topic(locked), reason=why, actor=actor)

    def words_for() -> tuple[str, str]:
        intro = _("Sorry: the meeting %(title)s is cancelled.") % {"title": locked.title}
        if locked.cancel_reason:
            intro += "\n" + _("Why: %(reason)s") % {"reason": locked.cancel_reason}
        return _("Meeting cancelled: %(title)s") % {"title": locked.title}, intro

    _tell_everyone(
        locked,
        actor=actor,
        kind="meeting_cancelled",
        key=f"meeting:{locked.pk}:cancelled:{{user}}",
        words_for=words_for,
        urgent=_is_soon(locked.starts_at),
    )
    return locked


# --- Agenda --------------------------------------------------------------------------------------


def _touch(meeting: Meeting) -> None:
    """The agenda is part of the calendar entry's description: raise SEQUENCE."""
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())


@transaction.atomic
def agenda_item_add(*, actor: User, meeting: Meeting, data: dict) -> AgendaItem:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(project_id=meeting.project_id, meeting=meeting, order=last + 1, **data)
    if item.kind == AgendaItem.Kind.BREAK:
        item.round_the_table = False
    item.full_clean()
    item.save()
    _touch(meeting)
    return item


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    meeting = item.meeting
    item.delete()
    _touch(meeting)


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


@transaction.atomic
def agenda_settings_set(*, actor: User, meeting: Meeting, data: dict) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name in ("break_every_minutes", "break_minutes", "open_discussion_minutes", "overrun_minutes"):
        if name in data:
            setattr(locked, name, data[name])
    locked.sequence += 1
    locked.save()
    return locked


# --- Papers --------------------------------------------------------------------------------------


@transaction.atomic
def paper_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    upload,
    summary: str = "",
    format: str = PaperFormat.STANDARD,
    version_of: Paper | None = None,
) -> Paper:
    """Store a paper for a meeting. It stays hidden from partners until it is released."""
    error, content_type = check_upload(upload)
    if error:
        raise ValidationError({"file": error})
    if version_of is not None and version_of.meeting_id != meeting.pk:
        raise ValidationError({"version_of": _("Choose a paper from this meeting.")})
    paper = Paper(
        project_id=meeting.project_id,
        meeting=meeting,
        title=title.strip() or upload.name,
        summary=summary.strip(),
        format=format,
        version_of=version_of,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    paper.file.save(upload.name, upload, save=False)
    try:
        paper.full_clean()
        paper.save()
    except Exception:
        paper.file.delete(save=False)
        raise
    audit_record(actor=actor, action="meeting.paper_added", obj=paper, summary=paper.title)
    return paper


@transaction.atomic
def paper_remove(*, actor: User, paper: Paper) -> None:
    if paper.is_released:
        raise ValidationError(_("This paper has been sent to people, so it cannot be removed."))
    name = paper.file.name
    assert name is not None  # every paper has its file
    storage = paper.file.storage
    paper.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _paper_line(paper: Paper) -> str:
    """One paper in the "papers are ready" message: its name and format, then what it is about.

    The summary goes in every copy, so someone who gets a letter or a phone call knows what each paper
    says. Another format of a paper repeats the summary only when it has its own.
    """
    label = str(paper.get_format_display())
    says_format = label.casefold() in paper.title.casefold()  # "Study outline (Easy Read)": say it once
    line = f"- {paper.title}" if says_format else f"- {paper.title} ({label})"
    summary = "\n".join(part.strip() for part in paper.summary.strip().splitlines() if part.strip())
    if summary and not (paper.version_of_id and paper.version_of and summary == paper.version_of.summary.strip()):
        line += "\n  " + summary.replace("\n", "\n  ")
    return line


@transaction.atomic
def papers_release(*, actor: User, meeting: Meeting, now: dt.datetime | None = None) -> list[Paper]:
    """Release every paper not released yet, and tell each invited person their way.

    The deadline in force at that moment is kept on each paper, and a paper released after it is
    marked late; each person's copy is recorded (PaperRecipient), so late papers can be counted per
    meeting and per person. Releasing twice sends nothing the second time.
    """
    now = now or timezone.now()
    locked = Meeting.objects.select_for_update(of=("self",)).select_related("project").get(pk=meeting.pk)
    papers = list(
        Paper.objects.select_for_update(of=("self",))
        .filter(meeting=locked, released_at__isnull=True)
        .select_related("version_of")
        .order_by("id")
    )
    if not papers:
        return []
    people = invitees(locked.project)
    deadline = release_deadline(locked, people)
    late = now > deadline
    for paper in papers:
        paper.released_at = now
        paper.deadline_at = deadline
        paper.is_late = late
        paper.save(update_fields=["released_at", "deadline_at", "is_late"])
    PaperRecipient.objects.bulk_create(
        [
            PaperRecipient(project_id=locked.project_id, paper=paper, user=p.user, released_at=now, is_late=late)
            for paper in papers
            for p in people
        ],
        ignore_conflicts=True,
    )
    audit_record(
        actor=actor,
        action="meeting.papers_released",
        obj=locked,
        summary=f"{len(papers)} paper(s){' late' if late else ''}",
        details={"papers": [p.pk for p in papers], "late": late, "deadline": deadline.isoformat()},
    )
    for person in people:
        with in_language_of(person.user):
            titles = "\n".join(_paper_line(p) for p in papers)
            intro = _("The papers for %(title)s are ready to read:") % {"title": locked.title} + f"\n{titles}"
            if late:
                intro += "\n\n" + _("Sorry, these papers are later than we promised.")
            message_queue(
                recipient=person.user,
                sender=actor,
                organiser=locked.project.contact or actor,
                organisation_id=locked.project.organisation_id,
                kind="meeting_papers",
                subject=_("Papers for %(title)s") % {"title": locked.title},
                body=f"{intro}\n\n{_meeting_words(locked)}",
                link_url=meeting_url(locked),
                link_text=_("Read the papers"),
                group_label=locked.project.title,
                idempotency_key=f"meeting:{locked.pk}:papers:{papers[0].pk}:{person.user.pk}",
                topic=papers_topic(locked),
                scope=project_scope(locked.project_id),
                useful_until=locked.starts_at,
            )
    return papers


# --- Attendance ----------------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    user: User
    role: str
    status: str
    mode: str = ""
    paid_work_time: bool = False
    arrived_at: dt.datetime | None = None
    left_at: dt.datetime | None = None


@transaction.atomic
def attendance_record(
    *,
    actor: User,
    meeting: Meeting,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    rows: list[AttendanceRow],
    notes: str = "",
    item_notes: dict[int, tuple[int | None, str]] | None = None,
) -> Meeting:
    """Record the meeting as it happened: actual start and end, overrun used, who came and how.

    The end cannot be later than now: time is paid (claims are drafted from this record) only once it
    has happened. Raises ValidationError keyed ``started_at`` / ``ended_at`` / ``rows``.

    Recording again replaces the rows (the last record is the one the payments work uses) and is
    audited each time. Overrun used is the time past the planned end, up to the end recorded.
    """
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    errors = {}
    if locked.is_cancelled:
        raise ValidationError(_("This meeting was cancelled, so there is no attendance to record."))
    now = timezone.now()
    if started_at > now:
        errors["started_at"] = _("You can record who came once the meeting has started.")
    if ended_at <= started_at:
        errors["ended_at"] = _("The end time must be after the start time.")
    elif ended_at > now:  # time is paid only once it has happened (issue 11)
        errors["ended_at"] = _("The end time cannot be later than now. Record the meeting once it has ended.")
    for row in rows:
        if row.status == AttendanceStatus.ATTENDED and not row.mode:
            errors.setdefault("rows", _("Say how each person who came took part: in person, online or by phone."))
        if row.status != AttendanceStatus.ATTENDED and row.paid_work_time:
            errors.setdefault("rows", _("Only people who came can be marked as in paid work time."))
    if errors:
        raise ValidationError(errors)
    locked.actual_started_at = started_at
    locked.actual_ended_at = ended_at
    over = int((ended_at - locked.ends_at).total_seconds() // 60)
    locked.overrun_used_minutes = max(0, over)
    locked.minutes_text = notes
    locked.attendance_recorded_at = timezone.now()
    locked.attendance_recorded_by = actor
    locked.save()
    for row in rows:
        Attendance.objects.update_or_create(
            meeting=locked,
            user=row.user,
            defaults={
                "project_id": locked.project_id,
                "role": row.role,
                "status": row.status,
                "mode": row.mode if row.status == AttendanceStatus.ATTENDED else "",
                "paid_work_time": row.paid_work_time,
                "arrived_at": row.arrived_at,
                "left_at": row.left_at,
                "recorded_by": actor,
            },
        )
    for item_id, (actual, happened) in (item_notes or {}).items():
        AgendaItem.objects.filter(pk=item_id, meeting=locked).update(actual_minutes=actual, happened=happened)
    audit_record(
        actor=actor,
        action="meeting.attendance_recorded",
        obj=locked,
        summary=f"{sum(r.status == AttendanceStatus.ATTENDED for r in rows)} came",
        details={
            "started_at": started_at.isoformat(),
            "ended_at": ended_at.isoformat(),
            "overrun_used_minutes": locked.overrun_used_minutes,
            "rows": [
                {"user": r.user.pk, "status": r.status, "mode": r.mode, "paid_work_time": r.paid_work_time}
                for r in rows
            ],
        },
    )
    return locked


def attendance_people(meeting: Meeting) -> list[tuple[User, str]]:
    """Who can be on the register: members, then the project's organiser staff. Two queries."""
    people = [(p.user, p.role) for p in invitees(meeting.project)]
    seen = {u.pk for u, _ in people}
    staff = (
        StaffMembership.objects.filter(
            organisation_id=meeting.project.organisation_id, role__in=[StaffRole.ADMIN, StaffRole.ORGANISER]
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    for row in staff:
        if row.user_id not in seen:
            seen.add(row.user_id)
            people.append((row.user, Attendance.Role.STAFF))
    return people


# --- Polls ---------------------------------------------------------------------------------------


@transaction.atomic
def poll_create(*, actor: User, project: Project, data: dict, options: list[tuple[dt.datetime, dt.datetime]]) -> Poll:
    """Open an availability poll and ask everyone taking part when they can come."""
    if not options:
        raise ValidationError({"options": _("Add at least one date and time people can choose from.")})
    for start, end in options:
        _validate_times(start, end)
    poll = Poll(project=project, created_by=actor, **data)
    poll.full_clean()
    poll.save()
    seen = set()
    for start, end in sorted(options):
        if (start, end) in seen:
            continue
        seen.add((start, end))
        PollOption.objects.create(project=project, poll=poll, starts_at=start, ends_at=end)
    audit_record(actor=actor, action="meeting.poll_opened", obj=poll, summary=poll.title)
    link = _absolute(reverse("meetings:poll", args=[project.pk, poll.pk]))
    for person in invitees(project):
        with in_language_of(person.user):
            choices = "\n".join(f"- {words.when(s, e)}" for s, e in sorted(seen))
            message_queue(
                recipient=person.user,
                sender=actor,
                organiser=project.contact or actor,
                organisation_id=project.organisation_id,
                kind="meeting_poll",
                subject=_("When can you come? %(title)s") % {"title": poll.title},
                body=_("We are planning %(title)s. Please tell us which of these times you can make:")
                % {"title": poll.title}
                + f"\n{choices}\n\n"
                + _("We have filled in what your profile says. You can change any answer."),
                link_url=link,
                link_text=_("Say when you can come"),
                group_label=project.title,
                idempotency_key=f"poll:{poll.pk}:opened:{person.user.pk}",
                topic=f"poll:{poll.pk}",
                scope=project_scope(project.pk),
            )
    return poll


@transaction.atomic
def poll_answer(*, actor: User, poll: Poll, person: User, answers: dict[int, tuple[str, str, str]]) -> int:
    """Save a person's answers (option id -> (answer, reason, note)). Saving again replaces them."""
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("This poll is closed. We have chosen a time."))
    by_proxy = actor.pk != person.pk
    option_ids = set(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    saved = 0
    for option_id, (answer, reason, note) in answers.items():
        if option_id not in option_ids or answer not in Availability.values:
            continue
        if reason and reason not in Reason.values:
            reason = Reason.OTHER
        if answer == Availability.YES:
            reason = ""
        PollAnswer.objects.update_or_create(
            option_id=option_id,
            user=person,
            defaults={
                "project_id": poll.project_id,
                "answer": answer,
                "reason": reason,
                "note": note.strip()[:300],
                "answered_by": actor,
            },
        )
        saved += 1
    if by_proxy:
        audit_record(
            actor=actor,
            action="meeting.poll_answered_by_proxy",
            subject=person,
            obj=poll,
            by_proxy=True,
            summary=f"{saved} answer(s)",
        )
    return saved


@transaction.atomic
def poll_schedule(*, actor: User, poll: Poll, option: PollOption, data: dict | None = None) -> Meeting:
    """Book the chosen time: the meeting is made and everyone is told their way. Twice gives the same meeting."""
    locked = Poll.objects.select_for_update(of=("self",)).select_related("project").get(pk=poll.pk)
    if locked.meeting_id:
        assert locked.meeting is not None  # meeting_id checked above
        return locked.meeting
    if locked.status != Poll.Status.OPEN:
        raise ValidationError(_("This poll is closed."))
    if option.poll_id != locked.pk:
        raise PermissionDenied
    fields = {
        "title": locked.title,
        "purpose": locked.purpose,
        "format": locked.format,
        "venue_name": locked.venue_name,
        "starts_at": option.starts_at,
        "ends_at": option.ends_at,
        **(data or {}),
    }
    meeting = meeting_create(actor=actor, project=locked.project, data=fields)
    messages_withdraw(
        topic=f"poll:{locked.pk}",
        reason=_("A time was chosen before they answered: %(when)s.")
        % {"when": words.when(meeting.starts_at, meeting.ends_at)},
        actor=actor,
    )
    locked.meeting = meeting
    locked.status = Poll.Status.SCHEDULED
    locked.save(update_fields=["meeting", "status"])
    return meeting


@transaction.atomic
def poll_close(*, actor: User, poll: Poll) -> Poll:
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    if locked.status == Poll.Status.OPEN:
        locked.status = Poll.Status.CLOSED
        locked.save(update_fields=["status"])
        messages_withdraw(topic=f"poll:{locked.pk}", reason=_("The poll was closed."), actor=actor)
    return locked


# --- Calendars and reminders ---------------------------------------------------------------------


def calendar_settings_for(*, user: User) -> CalendarSettings:
    settings_row, _created = CalendarSettings.objects.get_or_create(user=user)
    return settings_row


@transaction.atomic
def calendar_token_reset(*, user: User) -> CalendarSettings:
    """A new secret address for the person's calendar feed; the old one stops working at once."""
    row = calendar_settings_for(user=user)
    row = CalendarSettings.objects.select_for_update().get(pk=row.pk)
    row.feed_token = CalendarSettings._meta.get_field("feed_token").default()
    row.token_reset_at = timezone.now()
    row.save(update_fields=["feed_token", "token_reset_at"])
    audit_record(actor=user, action="meeting.calendar_token_reset", subject=user, obj=row)
    return row


@transaction.atomic
def calendar_reminders_set(*, user: User, minutes: list[int]) -> CalendarSettings:
    row = calendar_settings_for(user=user)
    row.reminder_minutes = sorted({int(m) for m in minutes}, reverse=True)
    row.reminders_chosen = True
    row.save(update_fields=["reminder_minutes", "reminders_chosen"])
    return row


MAX_LEAD = dt.timedelta(days=7, hours=1)  # the longest lead (1 week) in calendar days, plus a clock change


def reminder_moment(starts_at: dt.datetime, lead_minutes: int) -> dt.datetime:
    """When a reminder ``lead_minutes`` before the start is due (UTC). Whole days ("1 day before",
    "1 week before") are calendar days at the same time on the London clock, as calendar apps read the
    alarm's "-P1D"; shorter leads are exact minutes."""
    if lead_minutes % 1440 == 0:
        return add_calendar_days(starts_at, -(lead_minutes // 1440))
    return starts_at - dt.timedelta(minutes=lead_minutes)


def reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Queue every reminder whose moment has come, at each person's own lead times. Safe to run often.

    A reminder is sent when ``start - lead <= now < start`` and the meeting was booked before that
    moment (nobody gets "in one week" for a meeting booked yesterday). Run it every few minutes
    (``manage.py meetings_remind``, or the worker loop).
    """
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + MAX_LEAD)
        .select_related("project")
        .order_by("starts_at")
    )
    if not meetings:
        return 0
    project_ids = {m.project_id for m in meetings}
    members: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        project_id__in=project_ids, status=Membership.Status.ACTIVE
    ).select_related("user", "user__profile"):
        members.setdefault(membership.project_id, []).append(membership.user)
    user_ids = {u.pk for people in members.values() for u in people}
    leads = {row.user_id: row.leads() for row in CalendarSettings.objects.filter(user_id__in=user_ids)}
    sent_before = set(
        ReminderSent.objects.filter(meeting__in=meetings).values_list(
            "meeting_id", "user_id", "lead_minutes", "starts_at"
        )
    )
    count = 0
    for meeting in meetings:
        for user in members.get(meeting.project_id, []):
            for lead in leads.get(user.pk, CalendarSettings().leads()):
                moment = reminder_moment(meeting.starts_at, lead)
                if not (moment <= now < meeting.starts_at) or meeting.created_at > moment:
                    continue
                if (meeting.pk, user.pk, lead, meeting.starts_at) in sent_before:
                    continue
                with transaction.atomic():
                    _row, created = ReminderSent.objects.get_or_create(
                        meeting=meeting, user=user, lead_minutes=lead, starts_at=meeting.starts_at
                    )
                    if not created:
                        continue
                    with in_language_of(user):
                        message_queue(
                            recipient=user,
                            organiser=meeting.project.contact or meeting.created_by,
                            organisation_id=meeting.project.organisation_id,
                            kind="meeting_reminder",
                            subject=_("Reminder: %(title)s, %(when)s")
                            % {"title": meeting.title, "when": words.when(meeting.starts_at, meeting.ends_at)},
                            body=_("A reminder about %(title)s.") % {"title": meeting.title}
                            + "\n\n"
                            + _meeting_words(meeting),
                            link_url=meeting_url(meeting),
                            link_text=_("See the meeting"),
                            group_label=meeting.project.title,
                            idempotency_key=f"meeting:{meeting.pk}:reminder:{lead}:{int(meeting.starts_at.timestamp())}:{user.pk}",
                            topic=notice_topic(meeting),
                            scope=project_scope(meeting.project_id),
                            useful_until=meeting.starts_at,
                        )
                    count += 1
    return count


def formats_missing_warn(*, now: dt.datetime | None = None) -> int:
    """Warn organisers, before the paper deadline, when someone needs a format no paper has."""
    from roundtable.meetings.selectors import missing_formats

    now = now or timezone.now()
    count = 0
    meetings = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gt=now).select_related(
        "project", "project__contact__profile", "created_by__profile"
    )
    for meeting in meetings:
        people = invitees(meeting.project)
        deadline = release_deadline(meeting, people)
        if not (add_calendar_days(deadline, -3) <= now < deadline):
            continue
        organiser = meeting.project.contact or meeting.created_by
        with in_language_of(organiser):  # the format names in the organiser's language
            missing = missing_formats(meeting=meeting, people=people, papers=list(meeting.papers.all()))
        if not missing or organiser is None:
            continue
        with in_language_of(organiser):
            lines = "\n".join(f"- {label}: {n}" for label, n in missing.items())
            message_queue(
                recipient=organiser,
                kind="meeting_formats_missing",
                subject=_("Papers needed in other formats: %(title)s") % {"title": meeting.title},
                body=_("Some people invited to %(title)s need papers in a format no paper has yet:")
                % {"title": meeting.title}
                + f"\n{lines}\n\n"
                + _("The papers are due by %(when)s.") % {"when": f"{words.day(deadline)}, {words.clock(deadline)}"},
                link_url=_absolute(reverse("meetings:papers", args=[meeting.project_id, meeting.pk])),
                link_text=_("Add papers"),
                group_label=meeting.project.title,
                idempotency_key=f"meeting:{meeting.pk}:formats-missing:{organiser.pk}",
                topic=papers_topic(meeting),
                useful_until=deadline,
            )
        count += 1
    return count
