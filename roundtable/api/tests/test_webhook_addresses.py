"""Webhooks never go into a private network: refused when added, and checked again on every send.

The sends here go to a real receiver on loopback (``test_webhooks.Receiver``), which the guard must keep
out unless the tests' setting lets loopback through.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from roundtable.api import addresses, services
from roundtable.api.models import WebhookDelivery, WebhookEndpoint
from roundtable.api.tests.test_webhooks import receiver  # noqa: F401 - the shared fixture
from roundtable.api.webhooks import delivery_attempt, webhooks_gather
from roundtable.payments import services as payments

PRIVATE = [
    "https://10.1.2.3/hook",
    "https://172.16.0.9/hook",
    "https://192.168.1.1/hook",
    "https://127.0.0.1/hook",
    "https://169.254.169.254/latest/meta-data/",  # cloud metadata
    "https://100.64.0.1/hook",  # carrier-grade shared space
    "https://0.0.0.0/hook",
    "https://[::1]/hook",
    "https://[fd00::5]/hook",
    "https://[fe80::1]/hook",
    "https://[::ffff:10.0.0.1]/hook",  # IPv4 inside IPv6
    "https://2130706433/hook",  # 127.0.0.1 as one number
    "https://0x7f.1/hook",
    "https://localhost/hook",
    "https://localhost./hook",
    "https://printer.local/hook",
    "https://finance.internal/hook",
    "https://intranet/hook",  # a name with no dot only exists inside a network
]


def _add(people, url: str) -> services.NewEndpoint:
    return services.endpoint_create(
        actor=people.admin, organisation=people.organisation, url=url, events=["claim.approved"]
    )


@pytest.mark.parametrize("url", PRIVATE)
def test_private_addresses_are_refused_at_the_field(people, url):
    with pytest.raises(ValidationError) as error:
        services.endpoint_create(
            actor=people.admin, organisation=people.organisation, url=url, events=["claim.approved"]
        )
    assert error.value.message_dict["url"] == [addresses.REFUSED]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", ["https://finance.example.org/roundtable", "https://93.184.215.14/hook",
                                 "https://[2606:4700::1111]/hook"])  # fmt: skip
def test_public_addresses_are_taken(people, url):
    added = services.endpoint_create(
        actor=people.admin, organisation=people.organisation, url=url, events=["claim.approved"]
    )
    assert added.endpoint.url == url


def test_a_port_that_is_not_a_number_is_a_plain_message(people):
    with pytest.raises(ValidationError) as error:
        services.endpoint_create(
            actor=people.admin,
            organisation=people.organisation,
            url="https://example.org:99999/",
            events=["claim.approved"],
        )
    assert "port" in str(error.value)


def test_a_send_to_an_address_that_turned_private_is_refused_and_nothing_reaches_it(
    people,
    world,
    receiver,  # noqa: F811 - the shared fixture
    frozen_clock,
):
    hook = receiver()
    # Added while loopback was allowed (as a name whose address later changed would be), sent when it is not.
    with override_settings(API_WEBHOOKS_ALLOW_LOOPBACK_HTTP=True):
        services.endpoint_create(
            actor=people.admin, organisation=people.organisation, url=hook.url, events=["claim.approved"]
        )
        frozen_clock.shift(dt.timedelta(seconds=1))
        payments.claim_approve(actor=people.organiser, claim=world.claim)
        WebhookEndpoint.objects.update(url=hook.url.replace("http://127.0.0.1", "https://localhost"))
    webhooks_gather()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_error == addresses.REFUSED
    assert hook.requests == []


def test_a_name_is_looked_up_at_send_and_refused_when_any_address_is_private(monkeypatch):
    def lookup(host, port, **kwargs):
        return [(2, 1, 6, "", ("93.184.215.14", port)), (2, 1, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(addresses.socket, "getaddrinfo", lookup)
    with pytest.raises(addresses.AddressRefused):
        addresses.public_address("rebinding.example.org", 443)


@override_settings(API_WEBHOOKS_ALLOW_LOOPBACK_HTTP=True)
def test_redirects_are_not_followed(people, world, receiver, frozen_clock):  # noqa: F811
    inside = receiver()
    bounce = receiver(redirect_to=inside.url)
    _add(people, bounce.url)
    frozen_clock.shift(dt.timedelta(seconds=1))
    payments.claim_approve(actor=people.organiser, claim=world.claim)
    webhooks_gather()
    delivery = WebhookDelivery.objects.get()
    assert [status for _h, _b, status in bounce.requests] == [302]
    assert delivery.last_status_code == 302 and "do not follow redirects" in delivery.last_error
    assert delivery.status == "pending" and inside.requests == []
    assert delivery_attempt(delivery_id=delivery.pk) == ""  # not due again yet
