"""Webhooks against a real HTTP receiver on loopback: signed, retried with back-off, delivered exactly once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from roundtable.api import services
from roundtable.api.models import WebhookDelivery
from roundtable.api.webhooks import webhooks_gather, webhooks_send_due
from roundtable.payments import services as payments


class Receiver:
    """An HTTP server in a thread that fails the first ``fail`` requests with 500, then answers 204; with
    ``redirect_to`` it answers every request with 302 to that address instead."""

    def __init__(self, fail: int = 0, redirect_to: str = "") -> None:
        self.fail = fail
        self.requests: list[tuple[dict, bytes, int]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = 302 if redirect_to else 500 if len(outer.requests) < outer.fail else 204
                outer.requests.append((dict(self.headers), body, status))
                self.send_response(status)
                if redirect_to:
                    self.send_header("Location", redirect_to)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(fail: int = 0, redirect_to: str = "") -> Receiver:
        made.append(Receiver(fail, redirect_to))
        return made[-1]

    yield make
    for r in made:
        r.close()


def verify(secret: str, headers: dict, body: bytes) -> bool:
    """What a receiver does: recompute the HMAC over "<t>.<body>" and compare in constant time."""
    parts = dict(item.split("=", 1) for item in headers["X-Roundtable-Signature"].split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


@override_settings(API_WEBHOOKS_ALLOW_LOOPBACK_HTTP=True)
def test_receiver_failing_twice_gets_the_event_on_the_third_try_exactly_once(people, world, receiver, frozen_clock):
    hook = receiver(fail=2)
    added = services.endpoint_create(
        actor=people.admin, organisation=people.organisation, url=hook.url, events=["claim.approved"]
    )
    frozen_clock.shift(dt.timedelta(seconds=1))
    payments.claim_approve(actor=people.organiser, claim=world.claim)
    assert webhooks_gather() == 1  # made, and tried at once: the receiver fails
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert webhooks_send_due() == 0  # not due yet: back-off
    frozen_clock.shift(dt.timedelta(minutes=1, seconds=1))
    webhooks_send_due()  # second try fails
    frozen_clock.shift(dt.timedelta(minutes=5, seconds=1))
    webhooks_send_due()  # third try succeeds
    for _ in range(3):  # nothing more, however often the jobs run
        frozen_clock.shift(dt.timedelta(hours=3))
        webhooks_gather()
        webhooks_send_due()
    statuses = [status for _h, _b, status in hook.requests]
    assert statuses == [500, 500, 204]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    headers, body, _status = hook.requests[-1]
    assert verify(added.secret, headers, body)
    assert not verify("another secret", headers, body)
    event = json.loads(body)
    assert event["event"] == "claim.approved" and event["object"] == {"type": "claim", "id": world.claim.pk}
    assert event["details"] == {"payable": "50.00"}
    assert headers["X-Roundtable-Event"] == "claim.approved"
    # Timestamped with the moment of sending, so a receiver can refuse an old replay.
    assert int(headers["X-Roundtable-Signature"].split(",")[0][2:]) == int(delivery.delivered_at.timestamp())


@override_settings(API_WEBHOOKS_ALLOW_LOOPBACK_HTTP=True)
def test_other_organisations_and_other_events_are_not_sent(people, world, receiver, frozen_clock):
    hook = receiver()
    services.endpoint_create(
        actor=people.admin, organisation=people.organisation, url=hook.url, events=["payment_run.paid"]
    )
    frozen_clock.shift(dt.timedelta(seconds=1))
    payments.claim_approve(actor=people.organiser, claim=world.claim)  # not asked for
    other = world.other_claim
    payments.claim_approve(actor=other.organisation.staff.first().user, claim=other)  # not ours
    assert webhooks_gather() == 0 and hook.requests == []


def test_only_https_addresses(people):
    with pytest.raises(ValidationError) as error:
        services.endpoint_create(
            actor=people.admin,
            organisation=people.organisation,
            url="http://127.0.0.1:9/hook",
            events=["claim.approved"],
        )
    assert "https://" in str(error.value)


@override_settings(API_WEBHOOKS_ALLOW_LOOPBACK_HTTP=True)
def test_unreachable_receiver_is_kept_and_listed_then_stops_and_can_be_retried(people, world, client, frozen_clock):
    services.endpoint_create(
        actor=people.admin, organisation=people.organisation, url="http://127.0.0.1:9/hook", events=["claim.approved"]
    )
    frozen_clock.shift(dt.timedelta(seconds=1))
    payments.claim_approve(actor=people.organiser, claim=world.claim)
    webhooks_gather()
    for _ in range(12):
        frozen_clock.shift(dt.timedelta(hours=13))
        webhooks_send_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 8
    client.force_login(people.admin)
    page = client.get(f"/organisations/{people.organisation.slug}/api-tokens/").content.decode()
    assert "Stopped trying" in page and "Could not reach the receiver" in page
    client.post(
        f"/organisations/{people.organisation.slug}/api-tokens/", {"form": "retry", "id": delivery.pk, "once_key": "r"}
    )
    delivery.refresh_from_db()
    assert delivery.status == "pending"


@override_settings(API_WEBHOOKS_ALLOW_LOOPBACK_HTTP=True)
def test_outcome_run_and_health_events_each_sent_once(people, world, receiver, frozen_clock):
    from decimal import Decimal

    from roundtable.health.models import HealthSnapshot
    from roundtable.payments.models import Choice, PaymentChoice
    from roundtable.updates.tests.factories import OutcomeFactory

    hook = receiver()
    events = ["outcome.published", "payment_run.ready", "payment_run.paid", "health.rating_changed"]
    services.endpoint_create(actor=people.admin, organisation=people.organisation, url=hook.url, events=events)
    frozen_clock.shift(dt.timedelta(seconds=1))
    OutcomeFactory(project=people.project)
    payments.claim_approve(actor=people.organiser, claim=world.claim)
    PaymentChoice.objects.update_or_create(user=world.claim.claimant, project=None, defaults={"choice": Choice.BANK})
    run = payments.run_create(actor=people.finance, organisation=people.organisation)
    payments.payee_reference_set(actor=people.finance, run=run, person=world.claim.claimant, reference="P1")
    payments.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 3, 2), reference="BACS-1")
    # The nightly job's rows, written here for two days of one sign (its own tests cover how they are taken):
    # sign 3 went from good to at risk; sign 4 stayed the same and says nothing.
    for day, rating in ((dt.date(2026, 2, 28), "good"), (dt.date(2026, 3, 1), "at_risk")):
        HealthSnapshot.objects.create(project=people.project, taken_on=day, sign=3, rating=rating, value=Decimal("1"))
        HealthSnapshot.objects.create(project=people.project, taken_on=day, sign=4, rating="good", value=None)
    webhooks_gather()
    frozen_clock.shift(dt.timedelta(minutes=5))
    webhooks_gather()  # the overlap reads them again: nothing sent twice
    sent = [json.loads(body) for _h, body, _s in hook.requests]
    assert sorted(e["event"] for e in sent) == sorted(events)
    by_event = {e["event"]: e for e in sent}
    assert by_event["payment_run.paid"]["details"] == {"reference": "BACS-1", "paid_on": "2026-03-02"}
    assert by_event["payment_run.ready"]["object"] == {"type": "paymentrun", "id": run.pk}
    assert by_event["health.rating_changed"]["details"] == {
        "sign": 3,
        "day": "2026-03-01",
        "from": "good",
        "to": "at_risk",
    }
    assert people.partner.full_name not in str(sent)
