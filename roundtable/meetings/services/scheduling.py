"""Booking, changing and cancelling meetings, and telling everyone invited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.i18n import in_language_of
from roundtable.meetings import words
from roundtable.meetings.booking import BookingWarning, booking_conflicts
from roundtable.meetings.models import (
    Meeting,
)
from roundtable.meetings.selectors import invitees
from roundtable.meetings.services.common import (
    MEETING_FIELDS,
    NEWS_FIELDS,
    URGENT_WITHIN,
    meeting_ics_url,
    meeting_url,
    notice_topic,
    papers_topic,
)
from roundtable.notifications.services import latest_message_id, message_queue, messages_withdraw, project_scope
from roundtable.projects.models import Project

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
    data: dict[str, Any],
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
    *, actor: User, meeting: Meeting, data: dict[str, Any], warn_first: bool = False, despite: str = ""
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
