"""Sign-in under attack (issue 11): lock out by account and address together, trust a proxy's header only
when told to, and limit sign-in link emails per email address and per client address."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from roundtable.accounts.tests.factories import UserFactory
from roundtable.lib.clientip import client_ip
from roundtable.notifications.models import Message

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
PASSWORD = "a long pass phrase 42"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def amira(db):
    return UserFactory(email="amira@example.com", full_name="Amira Hassan", password=PASSWORD, profile=None)


@pytest.fixture
def joe(db):
    return UserFactory(email="joe@example.com", full_name="Joe Bennett", password=PASSWORD, profile=None)


def _password(client, email, password, address):
    return client.post(reverse("signin:password"), {"email": email, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return client.get(reverse("projects:my_projects")).status_code == 200


@time_machine.travel(START, tick=False)
def test_wrong_passwords_lock_that_account_from_that_address_only(client, amira, joe, settings):
    """The example: nine wrong passwords from one address locked every sign-in from that address."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password(client, "amira@example.com", "wrong guess 1234", "198.51.100.7")
    locked = _password(client, "amira@example.com", PASSWORD, "198.51.100.7")
    assert locked.status_code == 429 and not _signed_in(client)

    # Joe, at the same address (a library, a shared house), is not locked out.
    assert _password(client, "joe@example.com", PASSWORD, "198.51.100.7").status_code == 302
    assert _signed_in(client)
    client.post(reverse("signin:sign_out"))
    # Amira, from home, is not locked out either.
    assert _password(client, "amira@example.com", PASSWORD, "203.0.113.20").status_code == 302
    assert _signed_in(client)


@time_machine.travel(START, tick=False)
def test_eight_link_requests_do_not_send_eight_emails(client, amira, django_capture_on_commit_callbacks):
    """The example: 8 requests sent 8 emails in seconds."""
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(8):  # a few seconds apart, as a person (or a program) pressing the button again
            with time_machine.travel(START + dt.timedelta(seconds=5 * n), tick=False):
                answers.append(client.post(reverse("signin:sign_in"), {"email": "amira@example.com"}))
    sent = Message.objects.filter(kind="sign_in_link", recipient=amira).count()
    assert sent == 3
    refused = answers[3]
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "We have sent a lot of sign-in links already" in page
    assert 'value="amira@example.com"' in page  # what was typed is kept


@time_machine.travel(START, tick=False)
def test_the_limit_per_email_does_not_say_whether_an_account_exists(client, db):
    statuses = [client.post(reverse("signin:sign_in"), {"email": "nobody@example.com"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert not Message.objects.exists()


@time_machine.travel(START, tick=False)
def test_one_address_cannot_ask_for_links_for_everyone(client, db, settings):
    for n in range(settings.SIGN_IN_LINKS_PER_ADDRESS):
        UserFactory(email=f"p{n}@example.com", full_name=f"Person {n}", profile=None)
        answer = client.post(reverse("signin:sign_in"), {"email": f"p{n}@example.com"}, REMOTE_ADDR="192.0.2.1")
        assert answer.status_code == 200
    over = client.post(reverse("signin:sign_in"), {"email": "more@example.com"}, REMOTE_ADDR="192.0.2.1")
    assert over.status_code == 429
    elsewhere = client.post(reverse("signin:sign_in"), {"email": "more@example.com"}, REMOTE_ADDR="192.0.2.2")
    assert elsewhere.status_code == 200


@time_machine.travel(START, tick=False)
def test_the_limit_is_for_an_hour(client, amira):
    for _ in range(4):
        client.post(reverse("signin:sign_in"), {"email": "amira@example.com"})
    with time_machine.travel(START + dt.timedelta(minutes=61), tick=False):
        # locmem's expiry reads time.time(), which time-machine moves too.
        assert client.post(reverse("signin:sign_in"), {"email": "amira@example.com"}).status_code == 200


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_a_trusted_proxy_the_header_is_ignored():
    assert client_ip(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_wrote_is_used_and_made_up_ones_are_not():
    assert client_ip(_request("10.0.0.2", "198.51.100.9")) == "198.51.100.9"
    # A client that sends its own header: the proxy appends the real address; only that is trusted.
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(_request("10.0.0.2", "")) == "10.0.0.2"
    assert client_ip(_request("10.0.0.2", "not-an-address")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies():
    assert client_ip(_request("10.0.0.3", "1.2.3.4, 198.51.100.9, 10.0.0.2")) == "198.51.100.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
@time_machine.travel(START, tick=False)
def test_behind_a_proxy_lockouts_follow_the_client_not_the_proxy(client, amira, joe, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("signin:password"), {"email": "amira@example.com", "password": "wrong guess 1234"},
            REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7",
        )  # fmt: skip
    other = client.post(
        reverse("signin:password"), {"email": "amira@example.com", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.20",
    )  # fmt: skip
    assert other.status_code == 302
