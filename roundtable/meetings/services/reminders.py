"""The worker's meeting jobs: reminders at each person's lead times, and warnings of missing paper formats."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.lib.dates import add_calendar_days
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.meetings import words
from roundtable.meetings.models import (
    CalendarSettings,
    Meeting,
    ReminderSent,
)
from roundtable.meetings.notice import release_deadline
from roundtable.meetings.selectors import invitees
from roundtable.meetings.services.common import (
    meeting_url,
    notice_topic,
    papers_topic,
)
from roundtable.meetings.services.scheduling import (
    _meeting_words,
)
from roundtable.notifications.services import message_queue, project_scope
from roundtable.projects.models import Membership

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
                link_url=absolute_url(reverse("meetings:papers", args=[meeting.project_id, meeting.pk])),
                link_text=_("Add papers"),
                group_label=meeting.project.title,
                idempotency_key=f"meeting:{meeting.pk}:formats-missing:{organiser.pk}",
                topic=papers_topic(meeting),
                useful_until=deadline,
            )
        count += 1
    return count
