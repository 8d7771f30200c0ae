"""Replies through django-anymail's inbound webhook (Mailgun's, signed) and GOV.UK Notify's received-text
callback (a real HTTP request to the live server on loopback, bearer token checked)."""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from roundtable.feedback.models import Feedback
from roundtable.notifications.delivery import message_deliver
from roundtable.notifications.models import Message
from roundtable.projects.services import announcement_send
from roundtable.replies.models import InboundReply
from roundtable.replies.services import person_for_number
from roundtable.replies.tests.conftest import reply_to

SIGNING_KEY = "key-for-tests"
TOKEN = "notify-callback-token"


def _announce(people, smtp=None):
    announcement = announcement_send(
        actor=people.organiser, project=people.project, subject="Our news", body="Hello, here is our news."
    )
    message = Message.objects.get(idempotency_key=f"announcement:{announcement.pk}:{people.partner.pk}")
    message_deliver(message_id=message.pk)
    return message


def _mailgun_post(client, raw: bytes, *, key: str = SIGNING_KEY):
    timestamp, token = "1774744200", "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    data = {"body-mime": raw.decode("utf-8"), "timestamp": timestamp, "token": token, "signature": signature}
    return client.post(reverse("anymail:mailgun_inbound_webhook"), data)


@pytest.fixture
def mailgun(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": ""}


def test_a_reply_through_anymails_mailgun_webhook_lands(client, people, smtp, mailgun):
    _announce(people)
    [email] = [e for e in smtp.emails if e["To"] == people.partner.email]
    response = _mailgun_post(client, reply_to(email, "Can I bring my son?"))
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.channel, feedback.text) == (people.partner, "email", "Can I bring my son?")
    assert Message.objects.filter(kind="feedback", recipient=people.project.contact or people.organiser).exists()


def test_a_webhook_with_a_bad_signature_is_refused_and_nothing_filed(client, people, smtp, mailgun):
    _announce(people)
    [email] = [e for e in smtp.emails if e["To"] == people.partner.email]
    response = _mailgun_post(client, reply_to(email, "Forged"), key="not-the-key")
    assert response.status_code == 400
    assert not InboundReply.objects.exists() and not Feedback.objects.exists()


def test_uk_numbers_are_matched_however_they_are_written(people):
    people.partner.profile.phone = "07700 900123"
    people.partner.profile.save()
    for spelling in ("+447700900123", "07700900123", "+44 (0)7700 900 123", "447700900123"):
        assert person_for_number(spelling) == people.partner, spelling
    assert person_for_number("07700900999") is None


@pytest.mark.django_db(transaction=True)
def test_a_text_reply_through_notifys_callback_on_loopback_lands(live_server, people, settings):
    settings.NOTIFY_INBOUND_TOKEN = TOKEN
    people.partner.profile.phone = "07700 900123"
    people.partner.profile.save()
    message = _announce(people)  # Amira chose texts first: it goes by text
    assert message.deliveries.filter(channel="text", outcome="sent").exists()
    url = live_server.url + reverse("replies:notify_received_text")
    payload = {
        "id": "b51f138b-ed2c-4d2c-8b4b-b8f0a1d5e0a1",
        "source_number": "447700900123",
        "destination_number": "07700900000",
        "message": "Yes I will be there <b>after 8</b>",
        "date_received": "2026-03-29T00:30:00.000000Z",
    }

    def post(body: dict, token: str) -> int:
        request = urllib.request.Request(  # noqa: S310 - loopback only
            url,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert post(payload, "wrong") == 403
    assert not InboundReply.objects.exists()
    assert post(payload, TOKEN) == 200
    assert post(payload, TOKEN) == 200  # Notify tries again: kept once
    reply = InboundReply.objects.get()
    assert (reply.channel, reply.status, reply.message_id) == ("text", "landed", message.pk)
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.channel) == (people.partner, "text")
    assert post({**payload, "id": "other", "source_number": "07700900999"}, TOKEN) == 200
    stranger = InboundReply.objects.get(external_id="text:other")
    assert (stranger.status, stranger.reason) == ("quarantined", "unknown_sender")
    assert post({"nonsense": True}, TOKEN) == 400
