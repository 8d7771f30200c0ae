"""Webhooks: events found in the record, one delivery per endpoint, sent signed, retried with back-off.

**Where events come from.** The acts that make events already write an audit row in their own
transaction (``payments.claim_approved``, ``payments.run_created``, ``payments.run_paid``,
``outcome.published``), and the nightly health snapshots are rows too. So nothing below this app has to
know about webhooks: the worker's job ``api.webhooks_gather`` reads new rows since its cursor (with
``OVERLAP`` read again each time, so a row whose transaction committed late is still found) and makes one
``WebhookDelivery`` per matching endpoint, unique on (endpoint, source), so reading a row twice sends once.
An event is never lost: its row is committed with the act, and its delivery is kept until it is sent.

**Sending.** ``webhooks_send_due`` (job ``api.webhooks_send``) queues the task ``deliver_webhook`` for each
delivery that is due. ``delivery_attempt`` claims the row with a conditional update (two workers never
both send it), POSTs the JSON body to a checked public address (``addresses.post``: never into a private
network, redirects not followed) with ``X-Roundtable-Signature: t=<unix seconds>,v1=<hex>``, the
HMAC-SHA256 of ``"<t>.<body>"`` under the endpoint's secret (receivers reject old ``t`` against replay),
and records the answer. A 2xx is delivered; anything else is tried again after ``BACKOFF`` (1, 5, 25
minutes, 2 hours, then 12 hours), up to ``MAX_ATTEMPTS``; then it stops as ``failed``, listed on the
admin page with "Try again".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from roundtable.api import addresses
from roundtable.api.models import Event, EventCursor, WebhookDelivery, WebhookEndpoint
from roundtable.audit.models import AuditEvent
from roundtable.health.models import HealthSnapshot

logger = logging.getLogger(__name__)

OVERLAP = dt.timedelta(minutes=10)  # read again each pass: a transaction that committed late is still seen
BATCH = 500
BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 25, 120, 720)]
MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10
LEASE = dt.timedelta(minutes=2)  # a delivery being sent is someone's for this long (a killed worker's returns)

# Audit action -> event, and the details each event may carry (nothing personal: ids and figures).
AUDIT_EVENTS = {
    "payments.claim_approved": (Event.CLAIM_APPROVED, ("payable",)),
    "payments.run_created": (Event.RUN_READY, ("claims", "total")),
    "payments.run_paid": (Event.RUN_PAID, ("reference", "paid_on")),
    "outcome.published": (Event.OUTCOME_PUBLISHED, ()),
}


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 (hex) of ``b"<timestamp>.<body>"`` under ``secret``: what a receiver computes to check."""
    return hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def _cursor(name: str, now: dt.datetime) -> EventCursor:
    cursor = EventCursor.objects.select_for_update().filter(name=name).first()
    if cursor is None:
        try:
            with transaction.atomic():
                EventCursor.objects.create(name=name, read_until=now)
        except IntegrityError:
            pass
        cursor = EventCursor.objects.select_for_update().get(name=name)
    return cursor


def _endpoints_by_org() -> dict[int, list[WebhookEndpoint]]:
    found: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in WebhookEndpoint.objects.filter(active=True).order_by("id"):
        found.setdefault(endpoint.organisation_id, []).append(endpoint)
    return found


def _queue(rows: list[WebhookDelivery]) -> int:
    if not rows:
        return 0
    before = WebhookDelivery.objects.count()
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return WebhookDelivery.objects.count() - before


def _audit_deliveries(since: dt.datetime, until: dt.datetime, endpoints: dict) -> list[WebhookDelivery]:
    rows = []
    events = (
        AuditEvent.objects.filter(
            action__in=list(AUDIT_EVENTS),
            organisation_id__in=list(endpoints),
            created_at__gte=since,
            created_at__lte=until,
        )
        .order_by("created_at", "id")
        .only("id", "action", "created_at", "organisation_id", "object_type", "object_id", "details")
    )
    for row in events.iterator(chunk_size=BATCH):
        event, keys = AUDIT_EVENTS[row.action]
        payload = {
            "event": event,
            "occurred_at": row.created_at.isoformat(),
            "organisation_id": row.organisation_id,
            "object": {"type": row.object_type.split(".")[-1], "id": int(row.object_id or 0)},
            "details": {k: row.details[k] for k in keys if k in row.details},
        }
        for endpoint in endpoints[row.organisation_id]:
            if event in endpoint.events and row.created_at >= endpoint.created_at:
                rows.append(_delivery(endpoint, event, f"audit:{row.pk}", payload, until))
    return rows


def _health_deliveries(since: dt.datetime, until: dt.datetime, endpoints: dict) -> list[WebhookDelivery]:
    """A sign whose rating on a day differs from its rating the day before: one event per project, sign and day."""
    rows = []
    changed = (
        HealthSnapshot.objects.filter(
            project__organisation_id__in=list(endpoints), created_at__gte=since, created_at__lte=until
        )
        .select_related("project")
        .order_by("id")
    )
    for snap in changed.iterator(chunk_size=BATCH):
        before = (
            HealthSnapshot.objects.filter(project_id=snap.project_id, sign=snap.sign, taken_on__lt=snap.taken_on)
            .order_by("-taken_on")
            .values_list("rating", flat=True)
            .first()
        )
        if before is None or before == snap.rating:
            continue
        org = snap.project.organisation_id
        payload = {
            "event": Event.HEALTH_RATING_CHANGED,
            "occurred_at": snap.created_at.isoformat(),
            "organisation_id": org,
            "object": {"type": "project", "id": snap.project_id},
            "details": {"sign": snap.sign, "day": snap.taken_on.isoformat(), "from": before, "to": snap.rating},
        }
        key = f"health:{snap.project_id}:{snap.sign}:{snap.taken_on.isoformat()}"
        for endpoint in endpoints[org]:
            if Event.HEALTH_RATING_CHANGED in endpoint.events and snap.created_at >= endpoint.created_at:
                rows.append(_delivery(endpoint, Event.HEALTH_RATING_CHANGED, key, payload, until))
    return rows


def _delivery(endpoint: WebhookEndpoint, event: str, key: str, payload: dict, now: dt.datetime) -> WebhookDelivery:
    return WebhookDelivery(
        endpoint=endpoint,
        event=event,
        source_key=key,
        payload={**payload, "delivery_key": f"{endpoint.pk}:{key}"},
        next_attempt_at=now,
    )


def webhooks_gather(*, now: dt.datetime | None = None) -> int:
    """The job ``api.webhooks_gather``: make the deliveries for events since the last pass, then queue them.

    Returns how many new deliveries were made. Safe to run as often as you like, by several workers at once
    (the cursor row is locked; deliveries are unique per endpoint and source).
    """
    now = now or timezone.now()
    made = 0
    with transaction.atomic():
        endpoints = _endpoints_by_org()
        for name, source in (("audit", _audit_deliveries), ("health", _health_deliveries)):
            cursor = _cursor(name, now)
            if endpoints:
                made += _queue(source(cursor.read_until - OVERLAP, now, endpoints))
            cursor.read_until = max(cursor.read_until, now)
            cursor.save(update_fields=["read_until"])
    if made:
        webhooks_send_due(now=now)
    return made


def webhooks_send_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """The job ``api.webhooks_send``: queue the task ``deliver_webhook`` for each due delivery. Returns how many."""
    from roundtable.api.tasks import deliver_webhook

    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.SENDING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    for delivery_id in due:
        deliver_webhook.enqueue(delivery_id=delivery_id)
    return len(due)


def delivery_attempt(*, delivery_id: int) -> str:
    """Send one delivery if it is due and nobody else is sending it. Returns its status afterwards ("" if not ours).

    Never raises for the receiver's faults: a refused connection, a timeout or a non-2xx answer is an
    attempt that failed, tried again after ``BACKOFF``.
    """
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        Q(status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.SENDING]),
        pk=delivery_id,
        next_attempt_at__lte=now,
    ).update(status=WebhookDelivery.Status.SENDING, next_attempt_at=now + LEASE)
    if not claimed:
        return ""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    attempts = delivery.attempts + 1
    if not endpoint.active:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=WebhookDelivery.Status.FAILED, last_error="The endpoint was removed."
        )
        return WebhookDelivery.Status.FAILED
    body = json.dumps({"id": delivery.pk, **delivery.payload}, sort_keys=True, separators=(",", ":")).encode()
    stamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Roundtable-Webhooks/1",
        "X-Roundtable-Event": delivery.event,
        "X-Roundtable-Delivery": str(delivery.pk),
        "X-Roundtable-Signature": f"t={stamp},v1={signature(endpoint.secret, stamp, body)}",
    }
    code, error = None, ""
    try:
        code = addresses.post(endpoint.url, body=body, headers=headers, timeout=TIMEOUT_SECONDS)
        if not 200 <= code < 300:
            error = f"The receiver answered {code}." + (" We do not follow redirects." if 300 <= code < 400 else "")
    except addresses.AddressRefused as refused:
        error = str(refused)
    except (OSError, http.client.HTTPException, ValueError) as failure:
        error = f"Could not reach the receiver: {failure}"[:300]
    if code is not None and 200 <= code < 300:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=WebhookDelivery.Status.DELIVERED,
            attempts=attempts,
            last_status_code=code,
            last_error="",
            delivered_at=timezone.now(),
        )
        return WebhookDelivery.Status.DELIVERED
    stop = attempts >= MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=WebhookDelivery.Status.FAILED if stop else WebhookDelivery.Status.PENDING,
        attempts=attempts,
        last_status_code=code,
        last_error=error[:300],
        next_attempt_at=now + BACKOFF[min(attempts, len(BACKOFF)) - 1],
    )
    logger.info("Webhook delivery %s failed (attempt %s): %s", delivery_id, attempts, error)
    return WebhookDelivery.Status.FAILED if stop else WebhookDelivery.Status.PENDING
