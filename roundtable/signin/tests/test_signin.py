from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from roundtable.accounts.tests.factories import UserFactory
from roundtable.notifications.models import Message


@pytest.fixture
def amira(db):
    return UserFactory(
        email="amira@example.com", full_name="Amira Hassan", password="a long pass phrase 42", profile=None
    )


def _link_from_outbox() -> str:
    message = Message.objects.filter(kind="sign_in_link").latest("id")
    return message.link_url.replace("http://127.0.0.1:8000", "")


def test_sign_in_link_by_email_works_once(client, amira, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signin:sign_in"), {"email": "Amira@Example.com"})
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amira@example.com"]
    link = _link_from_outbox()
    assert link in mail.outbox[0].body

    # Opening the link does not use it up (mail scanners open links); pressing the button does.
    token = re.search(r"token=([^&]+)", link).group(1)
    assert client.get(link).status_code == 200
    signed_in = client.post(reverse("signin:link"), {"token": token})
    assert signed_in.status_code == 302
    assert client.get(reverse("projects:my_projects")).status_code == 200

    client.logout()
    used = client.post(reverse("signin:link"), {"token": token})
    assert used.status_code == 400
    page = used.content.decode()
    assert "This link does not work any more" in page
    assert "Send me a new link" in page


def test_unknown_email_gets_the_same_answer_and_no_message(client, db):
    response = client.post(reverse("signin:sign_in"), {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert not Message.objects.exists()


def test_bad_email_is_explained_at_the_field(client, db):
    response = client.post(reverse("signin:sign_in"), {"email": "amira at home"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter an email address in the right format" in page
    assert 'value="amira at home"' in page


def test_password_sign_in(client, amira):
    bad = client.post(reverse("signin:password"), {"email": "amira@example.com", "password": "wrong"})
    assert bad.status_code == 200
    assert "not right" in bad.content.decode()
    good = client.post(reverse("signin:password"), {"email": "amira@example.com", "password": "a long pass phrase 42"})
    assert good.status_code == 302


def test_off_site_next_is_ignored(client, amira):
    response = client.post(
        reverse("signin:password") + "?next=https://evil.example/",
        {"email": "amira@example.com", "password": "a long pass phrase 42"},
    )
    assert response["Location"] == reverse("projects:my_projects")


def test_sign_out_needs_post(client, amira):
    client.force_login(amira)
    assert client.get(reverse("signin:sign_out")).status_code == 405
    assert client.post(reverse("signin:sign_out")).status_code == 200
    assert client.get(reverse("projects:my_projects")).status_code == 302


def test_the_sign_in_email_and_pages_say_the_real_link_lifetime(
    client, amira, settings, django_capture_on_commit_callbacks
):
    """Issue 12: the email always said "24 hours", whatever SIGN_IN_LINK_HOURS was."""
    from roundtable.notifications.tests.conftest import SmtpServer

    server = SmtpServer()
    server.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.SESAME_MAX_AGE = 2 * 3600  # SIGN_IN_LINK_HOURS=2
        with django_capture_on_commit_callbacks(execute=True):
            page = client.post(reverse("signin:sign_in"), {"email": "amira@example.com"}).content.decode()
        assert "The link works once, for the next 2 hours." in page
        (email,) = server.emails
        text = email.get_body(("plain",)).get_content()
        assert "It works once, and only for the next 2 hours." in text
        assert "24 hours" not in text

        settings.SESAME_MAX_AGE = 3600
        with django_capture_on_commit_callbacks(execute=True):
            page = client.post(reverse("signin:sign_in"), {"email": "amira@example.com"}).content.decode()
        assert "The link works once, for the next 1 hour." in page
        assert "only for the next 1 hour." in server.emails[-1].get_body(("plain",)).get_content()
    finally:
        server.stop()
