"""Background tasks. Thin: each calls a service. Pass ids, never objects."""

from __future__ import annotations

from django_tasks import task

from roundtable.notifications import services


@task()
def deliver_message(*, message_id: int) -> str:
    """Check once more that the message is still true and useful, then try to deliver it (services.message_deliver)."""
    services.messages_expire(message_ids=[message_id])
    return services.message_deliver(message_id=message_id)


@task()
def dispatch_due_messages() -> int:
    """Queue every message that is due, and take back stuck ones (see services.messages_dispatch_due)."""
    return services.messages_dispatch_due()


@task()
def deliver_messages(*, message_ids: list[int]) -> int:
    """Deliver a batch of up to 100 messages (a fan-out to many people). Returns how many were ours.

    First one query withdraws the batch's messages that are no longer true and marks the late ones missed;
    then ``messages_deliver_batch`` claims the rest with one query and records their outcomes in bulk.
    """
    services.messages_expire(message_ids=message_ids)
    return len(services.messages_deliver_batch(message_ids=message_ids))
