"""Delivering one message: claim it, try each channel, retry, fall back, or hand it to an organiser.

The flow is described at the top of services.py. This module is not one
transaction on purpose: it must not hold the database while it talks to a
mail server. Every write after the claim is conditional on that claim.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import Channel, CommunicationProfile, User
from roundtable.lib.commit import after_commit
from roundtable.notifications.access import task_assignee_for
from roundtable.notifications.channels import ChannelUnavailable, DeliveryError, get_channel
from roundtable.notifications.models import (
    PENDING_STATUSES,
    Delivery,
    DeliveryOutcome,
    Message,
    MessageStatus,
    OrganiserTask,
    TaskKind,
)
from roundtable.notifications.windows import next_window_start, window_text
from roundtable.notifications.withdraw import is_stale, missed_reason

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Asked for by the person this minute (a sign-in link): never held for their contact times.
WINDOW_EXEMPT_KINDS = frozenset({"sign_in_link"})
BACKOFF_MINUTES = (1, 5, 25, 125)  # wait after failed try 1, 2, 3, 4
# Only a reminder of something the person was told already: when no way can reach them in time it is shown
# as missed, not passed to an organiser. Any other message that cannot reach them in time becomes a call.
MISSABLE_KINDS = frozenset({"meeting_reminder"})


def enqueue_delivery(message_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the worker task that delivers this message (at ``run_after`` if the queue can wait)."""
    from roundtable.notifications.tasks import deliver_message

    task = deliver_message.using(run_after=run_after) if run_after is not None else deliver_message
    task.enqueue(message_id=message_id)


def _backend_defers() -> bool:
    from roundtable.notifications.tasks import deliver_message

    return bool(deliver_message.get_backend().supports_defer)


def _profile(user: User | None) -> CommunicationProfile | None:
    if user is None:
        return None
    try:
        return user.profile
    except CommunicationProfile.DoesNotExist:
        return None


def channels_for(message: Message) -> list[str]:
    """The channels to try for this message, in order."""
    if message.channels_override:
        return list(message.channels_override)
    recipient = message.recipient if message.recipient_id else None
    if recipient is None:
        return [Channel.EMAIL.value]
    profile = _profile(recipient)
    chosen = [c for c in dict.fromkeys(profile.channels if profile else []) if c in Channel.values]
    if chosen:
        return chosen
    # No choice recorded yet: email, then the inbox for people who use the website.
    return [Channel.EMAIL.value, Channel.APP.value] if recipient.uses_web else [Channel.EMAIL.value]


@dataclass
class _ChannelHistory:
    failures: int = 0
    done_with: bool = False  # skipped, or we gave up on it
    sent: bool = False  # its last word was "sent" (an organiser giving up on a letter or call undoes it)


def _history(message: Message) -> dict[str, _ChannelHistory]:
    history: dict[str, _ChannelHistory] = {}
    for delivery in Delivery.objects.filter(message=message).only("channel", "outcome", "gave_up").order_by("id"):
        state = history.setdefault(delivery.channel, _ChannelHistory())
        if delivery.outcome == DeliveryOutcome.FAILED:
            state.failures += 1
            state.sent = False
        if delivery.outcome == DeliveryOutcome.SKIPPED or delivery.gave_up:
            state.done_with = True
        if delivery.outcome == DeliveryOutcome.SENT:
            state.sent = True
    return history


def _record(message: Message, channel: str, attempt: int, outcome: str, error: str = "", gave_up: bool = False) -> None:
    Delivery.objects.create(
        message=message, channel=channel, attempt=attempt, outcome=outcome, error=error[:2000], gave_up=gave_up
    )


def _still_mine(message: Message, claimed_at: datetime):  # -> QuerySet[Message]
    return Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING, sending_since=claimed_at)


def _finish(message: Message, claimed_at: datetime, tries: int, **changes: Any) -> bool:
    updated = _still_mine(message, claimed_at).update(
        sending_since=None, attempts=F("attempts") + tries, maybe_sent=False, **changes
    )
    if not updated:
        logger.warning("Message %s was taken back while this worker was sending it", message.pk)
    return bool(updated)


def message_deliver(*, message_id: int) -> str:
    """Try to get one message to its person. Returns the status it ends in ("" if not ours to send)."""
    now = timezone.now()
    # The last check before it goes, in the claim itself: still true (no stop rule covers it) and still useful.
    claimed = (
        Message.objects.filter(pk=message_id, status__in=PENDING_STATUSES)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(useful_until__isnull=True) | Q(useful_until__gt=now))
        .filter(~is_stale())
        .update(status=MessageStatus.SENDING, sending_since=now, enqueued_at=None)
    )
    if not claimed:
        return ""
    message = Message.objects.select_related("recipient", "recipient__profile", "organiser").get(pk=message_id)
    channels = channels_for(message)
    history = _history(message)
    for name, state in history.items():
        if state.sent and not state.done_with:
            # A worker sent it, then stopped before it could say so: do not send it again.
            channel = get_channel(name)
            status = channel.done_status if channel else MessageStatus.SENT
            _finish(message, now, 0, status=status, channel_used=name, sent_at=now, next_attempt_at=None, last_error="")
            return str(status)
    tries = 0
    too_late = False  # a channel was passed over because it could not reach them in time
    profile = _profile(message.recipient if message.recipient_id else None)
    for name in channels:
        state = history.get(name, _ChannelHistory())
        if state.done_with:
            continue
        channel = get_channel(name)
        if channel is None:
            _record(message, name, 1, DeliveryOutcome.SKIPPED, "Not a channel we have.")
            continue
        takes = getattr(channel, "takes", None)
        if takes and message.useful_until and timezone.now() + takes >= message.useful_until:
            _record(message, name, 1, DeliveryOutcome.SKIPPED, _("It would arrive too late."))
            too_late = True
            continue
        if channel.respects_window and message.kind not in WINDOW_EXEMPT_KINDS:
            waits = _window_rule(message, profile)
            if isinstance(waits, datetime):
                return _wait_for_window(message, now, tries, waits)
            if waits:
                _record(message, name, 1, DeliveryOutcome.SKIPPED, waits)
                too_late = True
                continue
        attempt = state.failures + 1
        try:
            channel.send(message)
        except ChannelUnavailable as exc:
            _record(message, name, attempt, DeliveryOutcome.SKIPPED, str(exc))
            continue
        except DeliveryError as exc:
            error, permanent = str(exc), exc.permanent
        except Exception as exc:  # noqa: BLE001 - a bug must not leave the message stuck
            logger.exception("Channel %s failed on message %s", name, message.pk)
            error, permanent = f"{type(exc).__name__}: {exc}", False
        else:
            _record(message, name, attempt, DeliveryOutcome.SENT)
            _finish(
                message,
                now,
                tries + 1,
                status=channel.done_status,
                channel_used=name,
                sent_at=timezone.now(),
                next_attempt_at=None,
                last_error="",
                provider_ref=message.provider_ref,
            )
            return str(channel.done_status)
        tries += 1
        retry = channel.retries and not permanent and attempt < MAX_ATTEMPTS
        _record(message, name, attempt, DeliveryOutcome.FAILED, error, gave_up=not retry)
        if retry:
            return _schedule_retry(message, now, tries, attempt, error)
    if too_late and message.kind in MISSABLE_KINDS:
        _finish(message, now, tries, status=MessageStatus.MISSED, next_attempt_at=None, stop_reason=missed_reason())
        return MessageStatus.MISSED.value
    return _hand_to_organiser(message, now, tries, channels, profile, time_critical=too_late or message.urgent)


def _window_rule(message: Message, profile: CommunicationProfile | None) -> datetime | str | None:
    """What the person's contact times mean for a channel that respects them.

    None: we may contact them now. A time: wait until their window opens then.
    A reason (text): do not use this channel for this message, try the next one.
    A message with ``useful_until`` never waits past it, and an urgent one never
    waits at all (a change or cancellation within 24 hours): it goes on a channel
    the person allows at this hour, or to the organiser as a call. An urgent
    message that says nothing about when it stops being useful (older callers)
    keeps the old rule and goes at once.
    """
    if message.urgent and message.useful_until is None:
        return None
    opens = next_window_start(profile, timezone.now())
    if opens is None:
        return None
    if not message.urgent and (message.useful_until is None or opens < message.useful_until):
        return opens
    times = window_text(profile)
    if message.urgent:
        return _("It cannot wait, and they asked us to contact them only %(times)s.") % {"times": times}
    return _("Their contact time (%(times)s) starts after the time it is for.") % {"times": times}


def _wait_for_window(message: Message, claimed_at: datetime, tries: int, opens: datetime) -> str:
    """Not the person's contact time: put the message back until their window opens."""
    defer = _backend_defers()
    with transaction.atomic():
        ok = _finish(
            message,
            claimed_at,
            tries,
            status=MessageStatus.WAITING,
            next_attempt_at=opens,
            enqueued_at=opens if defer else None,
        )
        if ok and defer:
            after_commit(enqueue_delivery, message.pk, run_after=opens)
    return MessageStatus.WAITING.value


def _schedule_retry(message: Message, claimed_at: datetime, tries: int, attempt: int, error: str) -> str:
    next_at = timezone.now() + timedelta(minutes=BACKOFF_MINUTES[min(attempt, len(BACKOFF_MINUTES)) - 1])
    defer = _backend_defers()
    with transaction.atomic():
        ok = _finish(
            message,
            claimed_at,
            tries,
            status=MessageStatus.RETRYING,
            next_attempt_at=next_at,
            enqueued_at=next_at if defer else None,
            last_error=error[:2000],
        )
        if ok and defer:
            after_commit(enqueue_delivery, message.pk, run_after=next_at)
    return MessageStatus.RETRYING.value


def _instructions(message: Message, *, urgent: bool = False) -> str:
    """Why every way failed, so the organiser can find another: no one is silently skipped."""
    labels = dict(Channel.choices)
    reasons: dict[str, str] = {}
    for channel, error in Delivery.objects.filter(message=message).order_by("id").values_list("channel", "error"):
        reasons[channel] = error
    if urgent:
        text = _("This cannot wait. Please phone %(name)s today.") % {"name": message.recipient_name}
    else:
        text = _("We could not get this message to %(name)s. Please find another way to tell them.") % {
            "name": message.recipient_name
        }
    if reasons:
        tried = "; ".join(f"{labels.get(c, c)}: {e or _('did not work')}" for c, e in reasons.items())
        text += " " + _("What we tried: %(tried)s.") % {"tried": tried}
    profile = _profile(message.recipient if message.recipient_id else None)
    if profile is not None and "large_print" in (profile.formats or []):
        text += " " + _("They need large print.")
    return text


def _hand_to_organiser(
    message: Message,
    claimed_at: datetime,
    tries: int,
    channels: list[str],
    profile: CommunicationProfile | None,
    *,
    time_critical: bool = False,
) -> str:
    assignee_id = task_assignee_for(message)
    if assignee_id is None:
        _finish(
            message,
            claimed_at,
            tries,
            status=MessageStatus.FAILED,
            next_attempt_at=None,
            last_error=_("No way to reach this person worked, and there is no organiser to pass it to."),
        )
        return MessageStatus.FAILED.value
    if time_critical and message.useful_until and profile is not None and profile.phone.strip():
        # It cannot wait and no way they allow at this hour worked: the organiser phones them.
        from roundtable.notifications.bundles import task_carry

        with transaction.atomic():
            if _finish(message, claimed_at, tries, status=MessageStatus.TO_CALL, next_attempt_at=None):
                task_carry(
                    message,
                    kind=TaskKind.CALL,
                    instructions=_instructions(message, urgent=True),
                    assignee_id=assignee_id,
                )
        return MessageStatus.TO_CALL.value
    kind = TaskKind.NO_CHANNEL.value
    with transaction.atomic():
        if _finish(message, claimed_at, tries, status=MessageStatus.TASK, next_attempt_at=None):
            task, _created = OrganiserTask.objects.get_or_create(
                message=message,
                kind=kind,
                defaults={"assignee_id": assignee_id, "instructions": _instructions(message)},
            )
            Message.objects.filter(pk=message.pk).update(carried_by=task)
    return MessageStatus.TASK.value
