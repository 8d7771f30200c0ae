"""Messages that stopped being true or useful: withdrawn before they go, or shown as missed.

Two things make a message not worth sending:

* **News made it untrue.** A higher app says so with ``messages_withdraw`` in the
  transaction of the news (a meeting cancelled or moved, a person leaving a
  project). That writes a ``MessageStop`` rule and, at once, marks every message
  the rule covers that has not gone yet as ``withdrawn`` ("no longer needed")
  with the reason, and closes open letter and call tasks that carry nothing else.
* **Time made it useless.** A message with ``useful_until`` (a meeting notice or
  reminder: the meeting's start) that has not gone by then is ``missed``.

The worker checks both again just before it sends (``messages_expire`` over its
batch: one UPDATE, however many messages), and the claim in delivery.py refuses
a message a rule covers, so a message queued at the same moment as the news is
caught too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.notifications.models import (
    NOT_GONE_STATUSES,
    PENDING_STATUSES,
    Message,
    MessageStatus,
    MessageStop,
    OrganiserTask,
    TaskResult,
    TaskStatus,
)

# Statuses in which a message waits for an organiser's letter or call.
WAITING_FOR_ORGANISER = (MessageStatus.TASK, MessageStatus.TO_POST, MessageStatus.TO_CALL)


def project_scope(project_id: int) -> str:
    """The ``scope`` of every message about one project: ``"project:<id>"``."""
    return f"project:{project_id}"


def stop_rules_for_message() -> QuerySet[MessageStop]:
    """The rules that cover the message in the outer query (use inside ``Exists`` or ``Subquery``)."""
    return (
        MessageStop.objects.filter(Q(topic=OuterRef("topic")) | Q(topic=OuterRef("scope")))
        .filter(Q(recipient__isnull=True) | Q(recipient=OuterRef("recipient")))
        .filter(Q(upto_message_id__isnull=True) | Q(upto_message_id__gte=OuterRef("pk")))
        .exclude(spare_kind=OuterRef("kind"))
        .exclude(Q(spare_for_leavers=True) & Q(spare_for_leavers=OuterRef("for_leavers")))
    )


def is_stale() -> Exists:
    """True for a message a stop rule covers (an expression over the outer Message query)."""
    return Exists(stop_rules_for_message())


def missed_reason() -> str:
    return _("Too late: it could only have reached them after the time it was for.")


def messages_expire(*, now: datetime | None = None, message_ids: Iterable[int] | None = None) -> int:
    """Mark messages that are waiting to go but should not: withdrawn (a rule covers them) or missed (too late).

    ``message_ids`` limits it to a worker's batch; without it, every waiting and
    held message is checked (the worker does this every 30 seconds). One UPDATE
    query either way. Returns how many messages changed.
    """
    now = now or timezone.now()
    waiting = Message.objects.filter(status__in=(*PENDING_STATUSES, MessageStatus.HELD))
    if message_ids is not None:
        waiting = waiting.filter(pk__in=list(message_ids))
    late = Q(useful_until__isnull=False, useful_until__lte=now)
    reason = Subquery(stop_rules_for_message().order_by("-id").values("reason")[:1], output_field=TextField())
    return waiting.filter(Q(is_stale()) | late).update(
        status=Case(
            When(is_stale(), then=Value(MessageStatus.WITHDRAWN.value)),
            default=Value(MessageStatus.MISSED.value),
            output_field=CharField(),
        ),
        stop_reason=Case(When(is_stale(), then=reason), default=Value(missed_reason()), output_field=TextField()),
        next_attempt_at=None,
        enqueued_at=None,
    )


def _covered(rule: MessageStop) -> QuerySet[Message]:
    messages = Message.objects.filter(Q(topic=rule.topic) | Q(scope=rule.topic))
    if rule.recipient_id:
        messages = messages.filter(recipient_id=rule.recipient_id)
    if rule.upto_message_id is not None:
        messages = messages.filter(pk__lte=rule.upto_message_id)
    if rule.spare_kind:
        messages = messages.exclude(kind=rule.spare_kind)
    if rule.spare_for_leavers:
        messages = messages.exclude(for_leavers=True)
    return messages


def latest_message_id() -> int:
    """The newest message's id (0 if none): a rule with this as ``upto_message_id`` spares later messages."""
    return Message.objects.aggregate(last=Max("pk"))["last"] or 0


@transaction.atomic
def messages_withdraw(
    *,
    topic: str,
    reason: str,
    recipient: User | None = None,
    upto_message_id: int | None = None,
    spare_kind: str = "",
    spare_for_leavers: bool = False,
    actor: User | None = None,
) -> int:
    """Say that messages about ``topic`` (a topic or a scope) are no longer needed. Returns how many were withdrawn.

    Call it in the transaction of the news. Every covered message that has not
    gone yet (waiting, held for a round-up, or with an organiser to post or
    phone) becomes ``withdrawn`` with ``reason``; an open letter or call task
    whose messages are all withdrawn closes as "No longer needed", with the
    reason as what happened (``done_by`` is ``actor``). Messages already sent
    are left as they are. The rule stays, so the worker also refuses covered
    messages queued later or at the same moment (unless ``upto_message_id``
    limits it to messages up to that id). Running it twice withdraws nothing more.
    """
    reason = reason.strip()[:2000] or _("No longer needed.")
    rule = MessageStop.objects.create(
        topic=topic,
        recipient=recipient,
        upto_message_id=upto_message_id,
        spare_kind=spare_kind,
        spare_for_leavers=spare_for_leavers,
        reason=reason,
    )
    covered = _covered(rule).filter(status__in=NOT_GONE_STATUSES)
    found = list(covered.select_for_update().values_list("pk", "carried_by_id"))
    if not found:
        return 0
    ids = [pk for pk, _task in found]
    withdrawn = Message.objects.filter(pk__in=ids, status__in=NOT_GONE_STATUSES).update(
        status=MessageStatus.WITHDRAWN, stop_reason=reason, next_attempt_at=None, enqueued_at=None
    )
    tasks_close_if_empty(task_ids={task for _pk, task in found if task}, reason=reason, actor=actor)
    return withdrawn


def tasks_close_if_empty(*, task_ids: set[int], reason: str, actor: User | None = None) -> int:
    """Close open tasks that no longer carry a message waiting for the organiser. Returns how many closed."""
    if not task_ids:
        return 0
    empty = list(
        OrganiserTask.objects.filter(pk__in=task_ids, status=TaskStatus.OPEN)
        .annotate(live=Count("carried", filter=Q(carried__status__in=WAITING_FOR_ORGANISER)))
        .filter(live=0)
        .values_list("pk", flat=True)
    )
    if not empty:
        return 0
    return OrganiserTask.objects.filter(pk__in=empty, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE,
        done_at=timezone.now(),
        done_by=actor,
        result=TaskResult.WITHDRAWN,
        outcome=reason,
        bundle_key=None,
    )


def organiser_tasks_expire(*, now: datetime | None = None) -> int:
    """Withdraw, or mark missed, messages already with an organiser that a rule now covers or that are too late.

    For a letter or call handed over at the very moment of the news (the worker was sending it), and
    for one still not done when the meeting it is about has started. Their tasks close when they carry
    nothing else. One query when there is nothing to do (the worker runs it every 30 seconds).
    """
    now = now or timezone.now()
    late = Q(useful_until__isnull=False, useful_until__lte=now)
    reason = Subquery(stop_rules_for_message().order_by("-id").values("reason")[:1], output_field=TextField())
    found = list(
        Message.objects.filter(status__in=WAITING_FOR_ORGANISER)
        .filter(Q(is_stale()) | late)
        .annotate(rule_reason=reason)
        .values_list("pk", "carried_by_id", "rule_reason")
    )
    for pk, task_id, rule_reason in found:
        status = MessageStatus.WITHDRAWN if rule_reason else MessageStatus.MISSED
        why = rule_reason or missed_reason()
        with transaction.atomic():
            changed = Message.objects.filter(pk=pk, status__in=WAITING_FOR_ORGANISER).update(
                status=status, stop_reason=why
            )
            if changed and task_id:
                tasks_close_if_empty(task_ids={task_id}, reason=why)
    return len(found)
