"""Fixtures for replies: the standing cast in "Better sleep", an announcement emailed to Amira through a
real SMTP server (aiosmtpd on loopback), and the raw replies people write back."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
import time_machine

from roundtable.notifications.tests.conftest import SmtpServer, notify, smtp, smtp_down  # noqa: F401
from roundtable.projects.tests.factories import build_people

NOW = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks go forward, 00:30 UTC


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(db, clock, settings):
    settings.REPLY_DOMAIN = "replies.example.org"
    return build_people()


def reply_to(original: EmailMessage, body: str, *, sender: str | None = None, headers: dict | None = None) -> bytes:
    """A reply as a mail program writes it: to the Reply-To, quoting the original, with a signature."""
    reply = EmailMessage()
    reply["From"] = sender or str(original["To"])
    reply["To"] = str(original["Reply-To"])
    reply["Subject"] = "Re: " + str(original["Subject"])
    reply["Message-ID"] = make_msgid(domain="example.com")
    reply["In-Reply-To"] = str(original["Message-ID"])
    for name, value in (headers or {}).items():
        reply[name] = value
    quoted = "\n".join("> " + line for line in "Hello, here is our news.".splitlines())
    reply.set_content(f"{body}\n\n-- \nAmira\nSent from my phone\n\nOn Sun, 29 Mar 2026, Roundtable wrote:\n{quoted}\n")
    return reply.as_bytes()
