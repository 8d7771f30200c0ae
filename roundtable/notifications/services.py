"""The outbox: every write that gets a message to a person.

How a message travels
---------------------
1. A service higher up (projects, accounts) calls ``message_queue`` inside its
   own transaction, so the Message row exists if and only if the event
   happened. ``idempotency_key`` (for example ``"announcement:42:user:7"``)
   makes sure the same event never makes two messages: a second call returns
   the first row.
2. After the commit a ``deliver_message`` task is queued. The worker runs
   ``message_deliver``, which first *claims* the row with a conditional UPDATE
   (queued/retrying -> sending). If no row changed, another worker has it, or
   it is already done, and nothing is sent.
3. It tries the person's channels in their order (or ``channels_override``,
   for example email only for a sign-in link). Each try is a Delivery row.
   A channel that is not built yet (text, phone, letter) or cannot reach this
   person is recorded as skipped and the next one is tried.
4. If email fails (the mail server is down), the message waits and is tried
   again after 1, 5, 25 and 125 minutes (5 tries in all). After the last try
   the next channel is used.
5. If no channel works, the message's organiser gets an OrganiserTask: "post"
   if the person prefers letters, "call" if they prefer phone calls,
   otherwise "no_channel". The message's status becomes "task". With no
   organiser it stays "failed", and shows as failed on the delivery status
   page; it is never silently dropped.
6. ``messages_dispatch_due`` runs every 30 seconds as the periodic job
   ``notifications.dispatch`` (``worker_tick``; also ``manage.py deliver_due``).
   It queues every message whose time has come and that has no task waiting,
   and takes back messages stuck in "sending" for over 10 minutes (a worker that was killed mid-send).

At-least-once
-------------
Because of step 6, a worker killed after the mail server accepted an email but
before it recorded that fact will cause the email to be sent again. We chose
this over losing a message. The copy has the same Message-ID header (made from
the idempotency key), so mail systems and people can tell it is the same.

``message_deliver`` (in delivery.py, for length) is deliberately not one
transaction: it must not hold the database while it talks to a mail server.
Its writes are small and each is conditional on the claim it made. Channels
live in ``channels/``, one module each, behind a tiny interface.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import WEEKDAY_INDEX, Channel, User
from roundtable.audit.services import audit_record
from roundtable.lib.commit import after_commit
from roundtable.notifications import conf
from roundtable.notifications.access import may_handle, visible_tasks_q
from roundtable.notifications.delivery import (  # noqa: F401 - message_deliver and the limits are public here
    BACKOFF_MINUTES,
    DELIVERY_BATCH,
    MAX_ATTEMPTS,
    channels_for,
    claim_due,
    enqueue_delivery,
    message_deliver,
    messages_deliver_batch,
)
from roundtable.notifications.digests import (  # noqa: F401 - the round-up services are public here too
    digest_send,
    digests_send_due,
    last_digest_due,
    next_digest_at,
    waits_for_round_up,
)
from roundtable.notifications.models import (
    NEVER_DIGEST_KINDS,
    PENDING_STATUSES,
    Delivery,
    DeliveryOutcome,
    DeliveryPreference,
    DigestChoice,
    Message,
    MessageStatus,
    OrganiserTask,
    TaskKind,
    TaskResult,
    TaskStatus,
)
from roundtable.notifications.withdraw import (  # noqa: F401 - the withdrawal services are public here too
    latest_message_id,
    messages_expire,
    messages_withdraw,
    organiser_tasks_expire,
    project_scope,
    tasks_close_if_empty,
)

logger = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=10)
REDISPATCH_AFTER = timedelta(minutes=5)
DISPATCH_BATCH = 500
OUTCOME_MAX_LENGTH = 2000


# --- Queueing ---------------------------------------------------------------------------------------------------


@transaction.atomic
def message_queue(
    *,
    recipient: User | None = None,
    to_email: str = "",
    subject: str,
    body: str,
    kind: str,
    idempotency_key: str,
    sender: User | None = None,
    organiser: User | None = None,
    organisation_id: int | None = None,
    link_url: str = "",
    link_text: str = "",
    group_label: str = "",
    channels: list[str] | None = None,
    urgent: bool = False,
    easy_read_url: str = "",
    topic: str = "",
    scope: str = "",
    for_leavers: bool = False,
    useful_until: datetime | None = None,
) -> Message:
    """Put one message to one person in the outbox. Idempotent on ``idempotency_key``.

    Call it inside the transaction of the event it tells about. The worker
    delivers it after the commit. Calling it again with the same key returns
    the first message unchanged.

    ``organisation_id`` names the organisation whose admins and organisers handle its tasks (a letter to
    post, a call to make): they follow the roles people hold when they look, see ``notifications.access``.

    ``urgent`` (a same-day cancellation) skips the person's contact times and
    digest. Otherwise a person who chose a daily or weekly digest gets the
    message in their next digest; it is in their inbox at once either way.

    ``topic`` (``"meeting:42:notice"``) and ``scope`` (``project_scope(id)``)
    say what it is about, so news can withdraw it before it goes (see
    withdraw.py); ``for_leavers`` keeps it going to someone who left the
    project (an outcome, their pay, a certificate). ``useful_until`` (an aware
    datetime; a meeting notice or reminder: the meeting's start) is when it
    stops being any use: it never waits for a round-up that comes after that,
    nor within 48 hours of it, nor for contact times that open after it, and if
    it has not gone by then it is shown as missed.
    """
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if recipient is None and not to_email:
        raise ValidationError(_("A message needs a person or an email address."))
    channels = list(dict.fromkeys(channels or []))
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        raise ValidationError(_("These are not ways we can send a message: %(names)s") % {"names": ", ".join(unknown)})
    now = timezone.now()
    held = _holds_for_digest(recipient, kind=kind, urgent=urgent, channels=channels, useful_until=useful_until)
    message = Message(
        recipient=recipient,
        to_email=to_email,
        sender=sender,
        organiser=organiser,
        scope_organisation_id=organisation_id,
        kind=kind,
        subject=subject,
        body=body,
        link_url=link_url,
        link_text=link_text,
        group_label=group_label[:200],
        channels_override=channels,
        urgent=urgent,
        easy_read_url=easy_read_url,
        topic=topic,
        scope=scope,
        for_leavers=for_leavers,
        useful_until=useful_until,
        idempotency_key=idempotency_key,
        status=MessageStatus.HELD if held else MessageStatus.QUEUED,
        next_attempt_at=None if held else now,
        enqueued_at=None if held else now,
    )
    message.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # Someone queued the same event at the same moment: theirs wins.
        existing = Message.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    if not held:
        after_commit(enqueue_delivery, message.pk)
    return message


def _holds_for_digest(
    recipient: User | None, *, kind: str, urgent: bool, channels: list[str] | None, useful_until: datetime | None
) -> bool:
    if recipient is None or urgent or channels or kind in NEVER_DIGEST_KINDS:
        return False
    preference = DeliveryPreference.objects.filter(user_id=recipient.pk).first()
    return waits_for_round_up(preference, useful_until, timezone.now())


QUEUE_CHUNK = 500


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def enqueue_batches(message_ids: list[int]) -> None:
    """Queue delivery of many messages as a few tasks of up to 100 messages each."""
    from roundtable.notifications.tasks import deliver_messages

    for batch in _chunks(list(message_ids), DELIVERY_BATCH):
        deliver_messages.enqueue(message_ids=batch)


@transaction.atomic
def message_queue_many(*, recipients: list[User], **fields: Any) -> list[Message]:
    """The same message to many people (a progress update to 5,000 members), in a few queries.

    ``fields`` are ``message_queue_many_ids``'s (``key_prefix``, ``subject``, ``body``, ``kind`` and the
    optional ones, as for ``message_queue``). Each person's message has the key ``key_prefix + str(person.pk)``,
    so this is idempotent like ``message_queue``: calling it again makes no new rows. Returns every person's
    message, new or old, in the order of ``recipients``. A caller that needs no Message objects back uses
    ``message_queue_many_ids`` itself.
    """
    ids = message_queue_many_ids(recipient_ids=[person.pk for person in recipients], **fields)
    by_pk: dict[int, Message] = {}
    for chunk in _chunks(list(ids.values()), QUEUE_CHUNK):
        by_pk.update({m.pk: m for m in Message.objects.filter(pk__in=chunk)})
    return [by_pk[pk] for pk in ids.values()]


@transaction.atomic
def message_queue_many_ids(
    *,
    recipient_ids: list[int],
    key_prefix: str,
    subject: str,
    body: str,
    kind: str,
    sender: User | None = None,
    organiser: User | None = None,
    organisation_id: int | None = None,
    link_url: str = "",
    link_text: str = "",
    group_label: str = "",
    urgent: bool = False,
    easy_read_url: str = "",
    topic: str = "",
    scope: str = "",
    for_leavers: bool = False,
    useful_until: datetime | None = None,
) -> dict[int, int]:
    """``message_queue_many`` for people given by id, loading no people and no messages: a fan-out's way.

    Returns {person id: their message id, new or old}, in the order of ``recipient_ids`` (each once).
    Queries: one check of the shared fields, one per 500 people for round-up choices, the INSERTs
    (``_insert_new``), and one per 500 people to read back the ids; the worker's tasks are queued after commit.
    """
    if not key_prefix:
        raise ValidationError(_("A message needs an idempotency key."))
    people = list(dict.fromkeys(recipient_ids))
    keys = {person_id: f"{key_prefix}{person_id}" for person_id in people}
    sample = Message(
        recipient_id=people[0] if people else None, to_email="" if people else "x@example.org", subject=subject,
        body=body, kind=kind, idempotency_key=key_prefix, link_url=link_url, link_text=link_text,
        group_label=group_label[:200], easy_read_url=easy_read_url,
    )  # fmt: skip
    sample.full_clean(validate_unique=False, validate_constraints=False)
    held_ids: set[int] = set()
    now = timezone.now()
    if not urgent and kind not in NEVER_DIGEST_KINDS:
        for chunk in _chunks(people, QUEUE_CHUNK):
            held_ids.update(
                preference.user_id
                for preference in DeliveryPreference.objects.filter(user_id__in=chunk).exclude(
                    digest=DigestChoice.IMMEDIATE
                )
                if waits_for_round_up(preference, useful_until, now)
            )
    template = Message(
        sender=sender, organiser=organiser, scope_organisation_id=organisation_id, kind=kind, subject=subject,
        body=body, link_url=link_url, link_text=link_text, group_label=group_label[:200], urgent=urgent,
        easy_read_url=easy_read_url, topic=topic, scope=scope, for_leavers=for_leavers, useful_until=useful_until,
    )  # fmt: skip
    _insert_new(template, [(person_id, keys[person_id], person_id in held_ids) for person_id in people], now=now)
    by_key: dict[str, int] = {}
    fresh_keys: set[str] = set()  # made just now: queued by this call, not an earlier one
    for chunk in _chunks(list(keys.values()), QUEUE_CHUNK):
        rows = Message.objects.filter(idempotency_key__in=chunk).order_by()
        for pk, key, status, enqueued_at in rows.values_list("pk", "idempotency_key", "status", "enqueued_at"):
            by_key[key] = pk
            if status == MessageStatus.QUEUED and enqueued_at == now:
                fresh_keys.add(key)
    fresh = [by_key[keys[person_id]] for person_id in people if keys[person_id] in fresh_keys]
    if fresh:
        after_commit(enqueue_batches, fresh)
    return {person_id: by_key[keys[person_id]] for person_id in people}


def _insert_new(template: Message, rows: list[tuple[int, str, bool]], *, now: datetime) -> None:
    """Insert one Message per (recipient id, idempotency key, held) like ``template``; skip keys that exist.

    ``bulk_create`` prepares every field of every row in Python (most of a 5,000-person fan-out's time);
    here the shared fields are prepared once and each row only adds its person, key and status. One
    ``INSERT … ON CONFLICT DO NOTHING`` run with executemany, in chunks. Only a duplicate key is skipped
    (a NOT NULL or CHECK failure still raises, unlike SQLite's ``INSERT OR IGNORE``).
    """
    if not rows:
        return
    fields = [f for f in Message._meta.concrete_fields if not f.primary_key]
    varying = ("recipient", "idempotency_key", "status", "next_attempt_at", "enqueued_at")
    template.created_at = now

    def prepared(**values) -> list:
        for name, value in values.items():
            setattr(template, name, value)
        return [f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields]

    queued = prepared(status=MessageStatus.QUEUED, next_attempt_at=now, enqueued_at=now)
    held = prepared(status=MessageStatus.HELD, next_attempt_at=None, enqueued_at=None)
    at = {f.name: n for n, f in enumerate(fields) if f.name in varying}
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Message._meta.db_table)} ({', '.join(quote(f.column or f.name) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING"
    )
    params = []
    for recipient_id, key, is_held in rows:
        row = list(held if is_held else queued)
        row[at["recipient"]], row[at["idempotency_key"]] = recipient_id, key
        params.append(row)
    with connection.cursor() as cursor:
        for chunk in _chunks(params, QUEUE_CHUNK * 4):
            cursor.executemany(sql, chunk)


# --- The worker loop --------------------------------------------------------------------------------------------


def messages_take_back_stuck(*, now: datetime | None = None) -> int:
    """Messages "sending" for longer than ``MESSAGE_STUCK_AFTER_SECONDS`` (600) go back to "retrying" at
    once, marked ``maybe_sent`` (their worker was killed, perhaps after the mail service accepted them; the
    channels check before sending again where the service can tell). One UPDATE. Returns how many."""
    now = now or timezone.now()
    recovered = Message.objects.filter(status=MessageStatus.SENDING, sending_since__lt=now - conf.stuck_after()).update(
        status=MessageStatus.RETRYING,
        sending_since=None,
        next_attempt_at=now,
        enqueued_at=None,
        maybe_sent=True,
        last_error="The worker stopped while sending. Trying again.",
    )
    if recovered:
        logger.warning("Took back %s message(s) stuck while sending", recovered)
    return recovered


def messages_dispatch_due(*, now: datetime | None = None) -> int:
    """Queue delivery of every message that is due; take back ones stuck in "sending". Returns how many.

    Safe to run as often as you like and from several machines: a message is
    only queued again if no task for it was queued in the last 5 minutes, and
    the claim in ``message_deliver`` stops two workers sending it twice.
    """
    now = now or timezone.now()
    messages_take_back_stuck(now=now)
    messages_expire(now=now)  # no longer true, or too late: never dispatched
    organiser_tasks_expire(now=now)  # nor left for an organiser to post or phone
    due_ids = list(
        Message.objects.filter(status__in=PENDING_STATUSES, next_attempt_at__lte=now)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - conf.redispatch_after()))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:DISPATCH_BATCH]
    )
    if due_ids:
        Message.objects.filter(pk__in=due_ids, status__in=PENDING_STATUSES).update(enqueued_at=now)
    for message_id in due_ids:
        enqueue_delivery(message_id)
    return len(due_ids)


@dataclass
class Drained:
    """What ``outbox_drain`` did: messages this worker claimed, batches, and seconds it took."""

    messages: int = 0
    batches: int = 0
    seconds: float = 0.0


def outbox_drain(
    *, batch: int = DELIVERY_BATCH, poll_seconds: float = 1.0, stop: Callable[[], bool] | None = None
) -> Drained:
    """Deliver due messages straight from the outbox until none is left: the worker's bounded mode
    (``roundtable worker --until-empty``). Several workers may drain one PostgreSQL outbox at once.

    Each round claims up to ``batch`` due messages with one query (``messages_deliver_batch``: FOR UPDATE
    SKIP LOCKED, so workers never take the same message) and delivers them. When nothing is due it
    takes back messages stuck in "sending" (a killed worker's, after ``MESSAGE_STUCK_AFTER_SECONDS``) and
    waits ``poll_seconds`` while any other worker still holds messages; it returns when no message is due
    and none is being sent. Messages waiting for a later time (a retry, a contact window) are left for the
    periodic job. ``stop()`` returning True ends it after the current batch.
    """
    import time

    done = Drained()
    started = time.monotonic()
    while not (stop and stop()):
        delivered = messages_deliver_batch(limit=batch)
        if delivered:
            done.messages += len(delivered)
            done.batches += 1
            continue
        messages_take_back_stuck()
        now = timezone.now()
        messages_expire(now=now)  # no longer true or too late: never claimed, so not "due" either
        due = (
            Message.objects.filter(status__in=PENDING_STATUSES)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .exists()
        )
        if not due and not Message.objects.filter(status=MessageStatus.SENDING).exists():
            break
        if not due:
            time.sleep(poll_seconds)
    done.seconds = time.monotonic() - started
    return done


# --- Reading and tasks ------------------------------------------------------------------------------------------


@transaction.atomic
def message_mark_read(*, message: Message, user: User) -> Message:
    """Mark a message as read by its person. Doing it twice changes nothing."""
    if message.recipient_id is None or message.recipient_id != user.pk:
        raise PermissionDenied
    if message.read_at is None:
        now = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        message.refresh_from_db(fields=["read_at"])
    return message


_CHANNEL_FOR_TASK: dict[str, str] = {TaskKind.POST: Channel.LETTER.value, TaskKind.CALL: Channel.PHONE.value}
_DONE_FOR_TASK: dict[str, MessageStatus] = {TaskKind.POST: MessageStatus.POSTED, TaskKind.CALL: MessageStatus.CALLED}
_WAITING_FOR_TASK = (MessageStatus.TASK, MessageStatus.TO_POST, MessageStatus.TO_CALL)
RESULTS_FOR_KIND: dict[str, tuple[TaskResult, ...]] = {
    TaskKind.POST: (TaskResult.POSTED, TaskResult.NOT_REACHED),
    TaskKind.CALL: (TaskResult.SPOKE, TaskResult.LEFT_MESSAGE, TaskResult.NOT_REACHED),
    TaskKind.NO_CHANNEL: (TaskResult.DONE,),
}


@transaction.atomic
def task_complete(*, task: OrganiserTask, actor: User, outcome: str = "", result: str = "") -> OrganiserTask:
    """Record what an organiser did: posted the letter, made the call, or could not reach the person.

    "Could not reach them" (``not_reached``) on a letter or a call sends the
    message on to the person's next way, and in the end to a "find a way" task:
    nobody is silently skipped. Doing it twice changes nothing; the first answer stays.
    """
    locked = OrganiserTask.objects.select_for_update().get(pk=task.pk)
    if locked.status == TaskStatus.DONE:
        return locked
    if not actor.is_staff and (
        actor.pk != locked.assignee_id or not may_handle(actor.pk, locked.message.scope_organisation_id)
    ):
        raise PermissionDenied
    allowed = RESULTS_FOR_KIND.get(locked.kind, (TaskResult.DONE,))
    result = result or allowed[0]
    if result not in allowed:
        raise ValidationError({"result": _("Please choose what happened.")})
    outcome = outcome.strip()
    if len(outcome) > OUTCOME_MAX_LENGTH:
        raise ValidationError({"outcome": _("Please write less than %(n)s letters.") % {"n": OUTCOME_MAX_LENGTH}})
    now = timezone.now()
    locked.status = TaskStatus.DONE
    locked.done_at = now
    locked.done_by = actor
    locked.outcome = outcome
    locked.result = result
    locked.bundle_key = None
    locked.save(update_fields=["status", "done_at", "done_by", "outcome", "result", "bundle_key"])
    channel = _CHANNEL_FOR_TASK.get(locked.kind, "")
    # The task carries every message in its envelope or call (see bundles.py); older tasks carry their own.
    carried = Message.objects.filter(Q(carried_by=locked) | Q(pk=locked.message_id), status__in=_WAITING_FOR_TASK)
    if result == TaskResult.NOT_REACHED:
        moved = list(carried.values_list("pk", flat=True))
        Message.objects.filter(pk__in=moved, status__in=_WAITING_FOR_TASK).update(
            status=MessageStatus.RETRYING, next_attempt_at=now, enqueued_at=None, carried_by=None,
            last_error=_("The organiser could not reach them this way."),
        )  # fmt: skip
        Delivery.objects.bulk_create(
            Delivery(
                message_id=pk,
                channel=channel or "organiser",
                attempt=1,
                outcome=DeliveryOutcome.FAILED,
                error=outcome or _("Could not reach them."),
                gave_up=True,
            )  # fmt: skip
            for pk in moved
        )
        if moved:
            after_commit(enqueue_batches, moved)
    else:
        carried.update(
            status=_DONE_FOR_TASK.get(locked.kind, MessageStatus.DELIVERED), channel_used=channel, sent_at=now
        )
    message = Message.objects.select_related("recipient").get(pk=locked.message_id)
    audit_record(
        actor=actor,
        action="notifications.task_done",
        subject=message.recipient,
        obj=locked,
        summary=f"{locked.get_kind_display()} done for message {locked.message_id}: {result}",
        details={"message_id": locked.message_id, "kind": locked.kind, "result": result, "outcome": outcome},
    )
    return locked


@transaction.atomic
def tasks_hand_on(*, actor: User, organisation_id: int, from_user: User, to_user_id: int | None) -> int:
    """Give someone else the open tasks (letters, calls, "find a way") of one organisation that `from_user`
    holds, because their admin or organiser role there was removed. Returns how many moved; audited.

    They stopped seeing these tasks the moment the role went (``notifications.access``); this makes sure
    the person is still reached. With no one to give them to (`to_user_id` None) nothing moves.
    """
    if to_user_id is None:
        return 0
    moved = OrganiserTask.objects.filter(
        assignee=from_user, status=TaskStatus.OPEN, message__scope_organisation_id=organisation_id
    ).update(assignee_id=to_user_id)
    if moved:
        audit_record(
            actor=actor,
            action="notifications.tasks_handed_on",
            subject=from_user,
            summary=f"{moved} open tasks of {from_user} handed on after their role was removed",
            details={"organisation_id": organisation_id, "to_user_id": to_user_id, "count": moved},
        )
    return moved


@transaction.atomic
def letters_mark_printed(*, actor: User, task_ids: list[int]) -> int:
    """Note that these letters were printed (the first time only). Returns how many were new.

    A printed envelope may be sealed, so a later letter that day starts a new one.
    """
    return OrganiserTask.objects.filter(
        visible_tasks_q(actor.pk), pk__in=task_ids, kind=TaskKind.POST, printed_at__isnull=True
    ).update(printed_at=timezone.now(), bundle_key=None)


# --- Preferences ------------------------------------------------------------------------------------------------


@transaction.atomic
def preference_set(*, user: User, actor: User, digest: str, digest_day: str = "mon") -> DeliveryPreference:
    """Set how often a person gets their messages. Moving to "straight away" sends what was saved up."""
    if digest not in DigestChoice.values:
        raise ValidationError({"digest": _("Please choose how often you want messages.")})
    if digest_day not in WEEKDAY_INDEX:
        raise ValidationError({"digest_day": _("Please choose a day of the week.")})
    preference, _created = DeliveryPreference.objects.select_for_update().get_or_create(user=user)
    changed = (preference.digest, preference.digest_day) != (digest, digest_day)
    preference.digest, preference.digest_day = digest, digest_day
    preference.full_clean()
    preference.save()
    if digest == DigestChoice.IMMEDIATE:
        now = timezone.now()
        released = list(Message.objects.filter(recipient=user, status=MessageStatus.HELD).values_list("pk", flat=True))
        if released:
            Message.objects.filter(pk__in=released, status=MessageStatus.HELD).update(
                status=MessageStatus.QUEUED, next_attempt_at=now, enqueued_at=now
            )
            after_commit(enqueue_batches, released)
    if changed and actor.pk != user.pk:
        audit_record(
            actor=actor, subject=user, obj=preference, action="notifications.preference_changed_by_proxy",
            by_proxy=True, summary=f"{actor} set how often {user} gets messages: {digest}",
        )  # fmt: skip
    return preference
