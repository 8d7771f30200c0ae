"""Background tasks of the API app. Thin: each calls a service. Pass ids, never objects."""

from __future__ import annotations

from django_tasks import task

from roundtable.api import webhooks


@task()
def deliver_webhook(*, delivery_id: int) -> str:
    """Try to send one webhook delivery (``webhooks.delivery_attempt``); returns its status after."""
    return webhooks.delivery_attempt(delivery_id=delivery_id)
