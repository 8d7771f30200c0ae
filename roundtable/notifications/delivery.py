"""Delivering messages: claim a batch, try each channel, retry, fall back, or hand one to an organiser.

The flow is described at the top of services.py. This module is not one
transaction on purpose: it must not hold the database while it talks to a
mail server. Every write after the claim is conditional on that claim.

A batch (``messages_deliver_batch``) costs a handful of queries however big it is: one conditional
UPDATE claims up to 100 due messages (on PostgreSQL ``FOR UPDATE SKIP LOCKED``, so workers never wait
for each other or take the same row; SQLite has one writer), one SELECT loads them with their people,
one reads their earlier tries, and after the channels have sent them one transaction records every
try (a bulk INSERT of Delivery rows) and every outcome (one UPDATE per kind of outcome, each still
conditional on the claim). Rarer paths (waiting for a contact time, a retry, a task for an organiser)
record what came before and write as they did for one message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
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
CHANNEL_NAMES = frozenset(Channel.values)
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
    chosen = [c for c in dict.fromkeys(profile.channels if profile else []) if c in CHANNEL_NAMES]
    if chosen:
        return chosen
    # No choice recorded yet: email, then the inbox for people who use the website.
    return [Channel.EMAIL.value, Channel.APP.value] if recipient.uses_web else [Channel.EMAIL.value]


@dataclass
class _ChannelHistory:
    failures: int = 0
    done_with: bool = False  # skipped, or we gave up on it
    sent: bool = False  # its last word was "sent" (an organiser giving up on a letter or call undoes it)


def _still_mine(message: Message, claimed_at: datetime):  # -> QuerySet[Message]
    return Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING, sending_since=claimed_at)


def _finish(message: Message, claimed_at: datetime, tries: int, **changes: Any) -> bool:
    updated = _still_mine(message, claimed_at).update(
        sending_since=None, attempts=F("attempts") + tries, maybe_sent=False, **changes
    )
    if not updated:
        logger.warning("Message %s was taken back while this worker was sending it", message.pk)
    return bool(updated)


DELIVERY_BATCH = 100  # messages claimed by one query; a worker task carries at most this many


def claim_due(*, now: datetime, message_ids: list[int] | None = None, limit: int = DELIVERY_BATCH) -> list[int]:
    """Claim up to ``limit`` due messages for this worker in one query; returns their ids, lowest first.

    Due: queued, retrying or waiting, its next try has come (UTC), still useful (``useful_until``) and
    still true (no stop rule covers it: the last check before it goes). ``message_ids`` limits the claim
    to a task's batch; without it the oldest due messages are taken (``next_attempt_at``, then id). The
    claimed rows become "sending" with ``sending_since = now``, which every later write checks.

    One ``UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) RETURNING id``: on PostgreSQL
    two workers never get the same row and never wait for each other's rows; SQLite takes the statement
    under its single writer lock (Django leaves out FOR UPDATE there).
    """
    due = (
        Message.objects.filter(status__in=PENDING_STATUSES)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(useful_until__isnull=True) | Q(useful_until__gt=now))
        .filter(~is_stale())
    )
    if message_ids is not None:
        if not message_ids:
            return []
        due = due.filter(pk__in=list(message_ids)).order_by("pk")
    else:
        due = due.order_by("next_attempt_at", "pk")
    quote = connection.ops.quote_name
    table, pk = quote(Message._meta.db_table), quote(Message._meta.pk.column or "id")
    with transaction.atomic():
        inner = due.select_for_update(skip_locked=True).values("pk")[:limit]
        inner_sql, params = inner.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {quote('status')} = %s, {quote('sending_since')} = %s, "  # noqa: S608 - names only
                f"{quote('enqueued_at')} = NULL WHERE {pk} IN ({inner_sql}) RETURNING {pk}",
                [MessageStatus.SENDING.value, connection.ops.adapt_datetimefield_value(now), *params],
            )
            return sorted(row[0] for row in cursor.fetchall())


class _Outcomes:
    """The writes of one batch, made together: every Delivery row in one INSERT, and each kind of
    outcome (sent by email, delivered to the inbox, ...) in one UPDATE conditional on the claim."""

    def __init__(self, claimed_at: datetime) -> None:
        self.claimed_at = claimed_at
        self.deliveries: list[tuple[int, str, int, str, str, bool]] = []  # as _DELIVERY_COLUMNS, less created_at
        self.finished: dict[tuple, list[int]] = {}
        self.provider_refs: dict[int, str] = {}

    def record(
        self, message: Message, channel: str, attempt: int, outcome: str, error: str = "", gave_up: bool = False
    ) -> None:
        self.deliveries.append((message.pk, channel, attempt, str(outcome), str(error)[:2000], gave_up))

    def finish_sent(self, message: Message, tries: int, *, status: str, channel: str) -> None:
        """It went by ``channel``: ``sent_at`` is when the batch is recorded (within the batch's seconds)."""
        self.finished.setdefault((tries, str(status), channel), []).append(message.pk)
        if message.provider_ref:
            self.provider_refs[message.pk] = message.provider_ref

    def flush(self) -> None:
        """Write what is pending, in one transaction; safe to call when there is nothing."""
        if not self.deliveries and not self.finished:
            return
        now = timezone.now()
        with transaction.atomic():
            if self.deliveries:
                _insert_deliveries(self.deliveries, now)
            for (tries, status, channel), ids in self.finished.items():
                changes: dict[str, Any] = {}
                refs = {pk: self.provider_refs[pk] for pk in ids if pk in self.provider_refs}
                if refs:
                    changes["provider_ref"] = Case(
                        *(When(pk=pk, then=Value(ref)) for pk, ref in refs.items()), default=F("provider_ref")
                    )
                updated = Message.objects.filter(
                    pk__in=ids, status=MessageStatus.SENDING, sending_since=self.claimed_at
                ).update(
                    status=status,
                    channel_used=channel,
                    sent_at=now,
                    next_attempt_at=None,
                    last_error="",
                    sending_since=None,
                    attempts=F("attempts") + tries,
                    maybe_sent=False,
                    **changes,
                )
                if updated < len(ids):
                    logger.warning("%s message(s) were taken back while this worker sent them", len(ids) - updated)
        self.deliveries, self.finished, self.provider_refs = [], {}, {}


_DELIVERY_COLUMNS = ("message", "channel", "attempt", "outcome", "error", "gave_up", "created_at")


def _insert_deliveries(rows: list[tuple[int, str, int, str, str, bool]], now: datetime) -> None:
    """Add one Delivery row per (message id, channel, attempt, outcome, error, gave up), all made at ``now``.

    One INSERT run with executemany: building a Delivery model for each try (``bulk_create``) was a tenth
    of a fan-out's delivery time. Only flush() calls it, inside its transaction.
    """
    quote = connection.ops.quote_name
    meta = Delivery._meta
    columns = ", ".join(quote(meta.get_field(name).column or name) for name in _DELIVERY_COLUMNS)  # type: ignore[union-attr]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 - only names are formatted in
        f"VALUES ({', '.join(['%s'] * len(_DELIVERY_COLUMNS))})"
    )
    made = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            cursor.executemany(sql, [(*row, made) for row in rows[start : start + 500]])


def _histories(message_ids: list[int]) -> dict[int, dict[str, _ChannelHistory]]:
    """Each message's earlier tries, by channel (one query for the batch)."""
    found: dict[int, dict[str, _ChannelHistory]] = {}
    rows = Delivery.objects.filter(message_id__in=message_ids).order_by("id")
    for message_id, channel, outcome, gave_up in rows.values_list("message_id", "channel", "outcome", "gave_up"):
        state = found.setdefault(message_id, {}).setdefault(channel, _ChannelHistory())
        if outcome == DeliveryOutcome.FAILED:
            state.failures += 1
            state.sent = False
        if outcome == DeliveryOutcome.SKIPPED or gave_up:
            state.done_with = True
        if outcome == DeliveryOutcome.SENT:
            state.sent = True
    return found


def message_deliver(*, message_id: int) -> str:
    """Try to get one message to its person. Returns the status it ends in ("" if not ours to send)."""
    return messages_deliver_batch(message_ids=[message_id]).get(message_id, "")


def messages_deliver_batch(*, message_ids: list[int] | None = None, limit: int = DELIVERY_BATCH) -> dict[int, str]:
    """Claim and deliver a batch: these messages (a task's batch), or up to ``limit`` due ones (a worker
    draining the outbox). Returns {message id: the status it ends in} for the messages this worker claimed;
    messages another worker has, or that are done, withdrawn or not due, are left alone.

    Queries: claim 1, load 1, earlier tries 1, then one transaction with one INSERT and one UPDATE per
    kind of outcome, plus what a rare path costs (letters and calls join an organiser's task). A message
    whose try was recorded as sent before a worker stopped is finished without sending it again.
    """
    now = timezone.now()
    claimed = claim_due(now=now, message_ids=message_ids, limit=limit)
    if not claimed:
        return {}
    messages = Message.objects.select_related("recipient", "recipient__profile", "organiser").filter(pk__in=claimed)
    histories = _histories(claimed)
    outcomes = _Outcomes(now)
    results: dict[int, str] = {}
    try:
        for message in messages.order_by("pk"):
            results[message.pk] = _deliver_claimed(message, now, histories.get(message.pk, {}), outcomes)
    finally:
        outcomes.flush()  # a bug in one message must not lose what the others did
    return results


def _deliver_claimed(message: Message, now: datetime, history: dict[str, _ChannelHistory], out: _Outcomes) -> str:
    """One claimed message: its channels in order. Sent ones are recorded in ``out``; the rest now."""
    channels = channels_for(message)
    for name, state in history.items():
        if state.sent and not state.done_with:
            # A worker sent it, then stopped before it could say so: do not send it again.
            channel = get_channel(name)
            status = channel.done_status if channel else MessageStatus.SENT
            out.finish_sent(message, 0, status=status, channel=name)
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
            out.record(message, name, 1, DeliveryOutcome.SKIPPED, "Not a channel we have.")
            continue
        takes = getattr(channel, "takes", None)
        if takes and message.useful_until and timezone.now() + takes >= message.useful_until:
            out.record(message, name, 1, DeliveryOutcome.SKIPPED, _("It would arrive too late."))
            too_late = True
            continue
        if channel.respects_window and message.kind not in WINDOW_EXEMPT_KINDS:
            waits = _window_rule(message, profile)
            if isinstance(waits, datetime):
                out.flush()
                return _wait_for_window(message, now, tries, waits)
            if waits:
                out.record(message, name, 1, DeliveryOutcome.SKIPPED, waits)
                too_late = True
                continue
        attempt = state.failures + 1
        try:
            channel.send(message)
        except ChannelUnavailable as exc:
            out.record(message, name, attempt, DeliveryOutcome.SKIPPED, str(exc))
            continue
        except DeliveryError as exc:
            error, permanent = str(exc), exc.permanent
        except Exception as exc:  # noqa: BLE001 - a bug must not leave the message stuck
            logger.exception("Channel %s failed on message %s", name, message.pk)
            error, permanent = f"{type(exc).__name__}: {exc}", False
        else:
            out.record(message, name, attempt, DeliveryOutcome.SENT)
            out.finish_sent(message, tries + 1, status=channel.done_status, channel=name)
            knows = getattr(channel, "can_tell_if_sent", None)
            if knows is not None and not knows():
                # The service cannot tell us later whether it has this one (plain SMTP): note it now, so a
                # worker killed mid-batch leaves at most one copy more, not a batch of them.
                out.flush()
            return str(channel.done_status)
        tries += 1
        retry = channel.retries and not permanent and attempt < MAX_ATTEMPTS
        out.record(message, name, attempt, DeliveryOutcome.FAILED, error, gave_up=not retry)
        if retry:
            out.flush()
            return _schedule_retry(message, now, tries, attempt, error)
    out.flush()  # the organiser's task lists every try, so they must be written first
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
