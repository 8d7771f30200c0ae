"""Round-ups: messages saved for a person who asked for them once a day or once a week.

``preference_set`` (in services.py) chooses; ``digests_send_due`` (the worker, every 30 seconds)
puts each person's saved messages into one ``digest`` message on their day.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roundtable.accounts.models import WEEKDAY_INDEX, User
from roundtable.lib.i18n import in_language_of
from roundtable.notifications import conf
from roundtable.notifications.models import DeliveryPreference, DigestChoice, Message, MessageStatus
from roundtable.notifications.withdraw import messages_expire

# A message useful for less than this never waits for a round-up (issue 12: notices about a meeting in
# the next 48 hours never wait).
NEVER_HOLD_WITHIN = timedelta(hours=48)


def waits_for_round_up(preference: DeliveryPreference | None, useful_until: datetime | None, now: datetime) -> bool:
    """Whether a person with this preference gets a message useful until ``useful_until`` in a round-up.

    Not when they want messages straight away, not when it stops being useful within 48 hours, and
    not when their next round-up comes after that.
    """
    if preference is None or preference.digest == DigestChoice.IMMEDIATE:
        return False
    if useful_until is None:
        return True
    if useful_until - now <= NEVER_HOLD_WITHIN:
        return False
    return next_digest_at(preference, now) < useful_until


def _digest_moment(preference: DeliveryPreference, day) -> datetime:
    tz = timezone.get_current_timezone()
    return timezone.make_aware(datetime.combine(day, time(conf.digest_hour())), tz)


def _is_digest_day(preference: DeliveryPreference, day) -> bool:
    if preference.digest == DigestChoice.DAILY:
        return True
    return preference.digest == DigestChoice.WEEKLY and day.weekday() == WEEKDAY_INDEX.get(preference.digest_day, 0)


def last_digest_due(preference: DeliveryPreference, now: datetime) -> tuple[str, datetime] | None:
    """The latest round-up due at or before ``now``: its name ("2026-03-02" or "week-2026-03-02") and moment.

    The moment is ``DIGEST_HOUR`` o'clock, London time, on the person's day. None for "straight away".
    """
    if preference.digest not in (DigestChoice.DAILY, DigestChoice.WEEKLY):
        return None
    today = timezone.localtime(now).date()
    for back in range(8):
        day = today - timedelta(days=back)
        moment = _digest_moment(preference, day)
        if moment <= now and _is_digest_day(preference, day):
            name = day.isoformat() if preference.digest == DigestChoice.DAILY else "week-" + day.isoformat()
            return name, moment
    return None


def next_digest_at(preference: DeliveryPreference, now: datetime) -> datetime:
    """When this person's next round-up is put together (an aware datetime after ``now``)."""
    today = timezone.localtime(now).date()
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        moment = _digest_moment(preference, day)
        if moment > now and _is_digest_day(preference, day):
            return moment
    return now


def _digest_body(messages: list[Message]) -> str:
    groups: dict[str, list[Message]] = {}
    for message in messages:
        groups.setdefault(message.group_label or _("Other messages"), []).append(message)
    parts = []
    for label, items in groups.items():
        lines = [label.upper()]
        for item in items:
            text = item.body.strip()
            if len(text) > 600:
                text = text[:600].rstrip() + "…"
            lines.append(f"* {item.subject}\n{text}")
            if item.link_url:
                lines.append(item.link_url)
        parts.append("\n\n".join(lines))
    return "\n\n\n".join(parts)


def digest_send(*, user: User, period: str) -> Message | None:
    """Put everything saved up for this person into one digest message. Idempotent per period."""
    key = f"digest:{user.pk}:{period}"
    with transaction.atomic():
        if Message.objects.filter(idempotency_key=key).exists():
            return None  # this period's digest went already; later messages wait for the next one
        held = list(
            Message.objects.select_for_update()
            .filter(recipient=user, status=MessageStatus.HELD)
            .order_by("group_label", "created_at", "id")
        )
        if not held:
            return None
        with_organiser = [m for m in held if m.organiser_id] or held
        newest = max(with_organiser, key=lambda m: (m.created_at, m.pk))
        count = len(held)
        from roundtable.notifications.services import message_queue

        with in_language_of(user):
            subject = ngettext("Your round-up: %(count)s message", "Your round-up: %(count)s messages", count) % {
                "count": count
            }
            digest = message_queue(
                recipient=user, subject=subject, body=_digest_body(held), kind="digest", idempotency_key=key,
                organiser=newest.organiser, group_label=_("Your round-up"),
            )  # fmt: skip
        Message.objects.filter(pk__in=[m.pk for m in held], status=MessageStatus.HELD).update(
            status=MessageStatus.IN_DIGEST, digest=digest, sent_at=timezone.now()
        )
    return digest


def digests_send_due(*, now: datetime | None = None) -> int:
    """Send every round-up that is due now (run by the worker every 30 seconds). Returns how many.

    A round-up goes from ``DIGEST_HOUR`` on the person's day. One that could not go on its day
    (the worker was stopped) goes at the next run, if something was saved before it was due. Saved
    messages that would stop being useful within 48 hours are sent on their own instead, and ones no
    longer true or useful are withdrawn or marked missed first (``messages_expire``).
    """
    now = now or timezone.now()
    messages_expire(now=now)
    Message.objects.filter(
        status=MessageStatus.HELD, useful_until__isnull=False, useful_until__lte=now + NEVER_HOLD_WITHIN
    ).update(status=MessageStatus.QUEUED, next_attempt_at=now, enqueued_at=None)
    first_held = dict(
        Message.objects.filter(status=MessageStatus.HELD, recipient__isnull=False)
        .values("recipient_id")
        .annotate(first=Min("created_at"))
        .values_list("recipient_id", "first")
    )
    preferences = DeliveryPreference.objects.filter(user_id__in=list(first_held)).select_related("user")
    sent = 0
    today = timezone.localtime(now).date()
    for preference in preferences:
        due = last_digest_due(preference, now)
        if due is None:
            continue
        period, moment = due
        if moment.date() != today and first_held[preference.user_id] >= moment:
            continue  # saved after that round-up was due: it waits for the next one
        if digest_send(user=preference.user, period=period) is not None:
            sent += 1
    # Someone whose preference was removed gets their saved messages straight away.
    orphans = Message.objects.filter(status=MessageStatus.HELD, recipient__delivery_preference__isnull=True)
    orphans.update(status=MessageStatus.QUEUED, next_attempt_at=now, enqueued_at=None)
    return sent
