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
6. ``messages_dispatch_due`` runs every 30 seconds in the worker loop (and as
   ``manage.py deliver_due``). It queues every message whose time has come and
   that has no task waiting, and takes back messages stuck in "sending" for
   over 10 minutes (a worker that was killed mid-send).

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
from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import Channel, User
from roundtable.audit.services import audit_record
from roundtable.notifications.delivery import (  # noqa: F401 - message_deliver and the limits are public here
    BACKOFF_MINUTES,
    MAX_ATTEMPTS,
    channels_for,
    enqueue_delivery,
    message_deliver,
)
from roundtable.notifications.models import (
    PENDING_STATUSES,
    Message,
    MessageStatus,
    OrganiserTask,
    TaskKind,
    TaskStatus,
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
    link_url: str = "",
    link_text: str = "",
    group_label: str = "",
    channels: list[str] | None = None,
    urgent: bool = False,
) -> Message:
    """Put one message to one person in the outbox. Idempotent on ``idempotency_key``.

    Call it inside the transaction of the event it tells about. The worker
    delivers it after the commit. Calling it again with the same key returns
    the first message unchanged.
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
    message = Message(
        recipient=recipient,
        to_email=to_email,
        sender=sender,
        organiser=organiser,
        kind=kind,
        subject=subject,
        body=body,
        link_url=link_url,
        link_text=link_text,
        group_label=group_label[:200],
        channels_override=channels,
        urgent=urgent,
        idempotency_key=idempotency_key,
        status=MessageStatus.QUEUED,
        next_attempt_at=now,
        enqueued_at=now,
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
    transaction.on_commit(partial(enqueue_delivery, message.pk), robust=True)
    return message


# --- The worker loop --------------------------------------------------------------------------------------------


def messages_dispatch_due(*, now: datetime | None = None) -> int:
    """Queue delivery of every message that is due; take back ones stuck in "sending". Returns how many.

    Safe to run as often as you like and from several machines: a message is
    only queued again if no task for it was queued in the last 5 minutes, and
    the claim in ``message_deliver`` stops two workers sending it twice.
    """
    now = now or timezone.now()
    recovered = Message.objects.filter(status=MessageStatus.SENDING, sending_since__lt=now - STUCK_AFTER).update(
        status=MessageStatus.RETRYING,
        sending_since=None,
        next_attempt_at=now,
        enqueued_at=None,
        last_error="The worker stopped while sending. Trying again.",
    )
    if recovered:
        logger.warning("Took back %s message(s) stuck while sending", recovered)
    due_ids = list(
        Message.objects.filter(status__in=PENDING_STATUSES, next_attempt_at__lte=now)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - REDISPATCH_AFTER))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:DISPATCH_BATCH]
    )
    if due_ids:
        Message.objects.filter(pk__in=due_ids, status__in=PENDING_STATUSES).update(enqueued_at=now)
    for message_id in due_ids:
        enqueue_delivery(message_id)
    return len(due_ids)


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


_CHANNEL_FOR_TASK = {TaskKind.POST: Channel.LETTER.value, TaskKind.CALL: Channel.PHONE.value}


@transaction.atomic
def task_complete(*, task: OrganiserTask, actor: User, outcome: str = "") -> OrganiserTask:
    """Mark an organiser's task done. Doing it twice changes nothing; the first outcome stays."""
    locked = OrganiserTask.objects.select_for_update().get(pk=task.pk)
    if locked.status == TaskStatus.DONE:
        return locked
    if actor.pk != locked.assignee_id and not actor.is_staff:
        raise PermissionDenied
    outcome = outcome.strip()
    if len(outcome) > OUTCOME_MAX_LENGTH:
        raise ValidationError({"outcome": _("Please write less than %(n)s letters.") % {"n": OUTCOME_MAX_LENGTH}})
    now = timezone.now()
    locked.status = TaskStatus.DONE
    locked.done_at = now
    locked.done_by = actor
    locked.outcome = outcome
    locked.save(update_fields=["status", "done_at", "done_by", "outcome"])
    Message.objects.filter(pk=locked.message_id, status=MessageStatus.TASK).update(
        status=MessageStatus.DELIVERED, channel_used=_CHANNEL_FOR_TASK.get(locked.kind, ""), sent_at=now
    )
    message = Message.objects.select_related("recipient").get(pk=locked.message_id)
    audit_record(
        actor=actor,
        action="notifications.task_done",
        subject=message.recipient,
        obj=locked,
        summary=f"{locked.get_kind_display()} done for message {locked.message_id}",
        details={"message_id": locked.message_id, "kind": locked.kind, "outcome": outcome},
    )
    return locked
