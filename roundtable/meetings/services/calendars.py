"""A person's calendar feed settings: the secret address and their reminder lead times."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.meetings.models import (
    CalendarSettings,
)

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
