"""The register: recording the meeting as it happened (claims are drafted from it, meetings.hooks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.meetings.hooks import after_attendance_recorded
from roundtable.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
)

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
    after_attendance_recorded(locked)  # payments drafts the claims once this commits
    return locked
