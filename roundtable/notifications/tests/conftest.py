"""Fixtures for the outbox: a real SMTP server on a free loopback port, and the standing personas."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from roundtable.accounts.models import User
from roundtable.accounts.tests.factories import person


def free_port() -> int:
    """A loopback port nobody is listening on (aiosmtpd does not accept port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StoringHandler:
    def __init__(self) -> None:
        self.envelopes = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 No such person here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def emails(self) -> list[EmailMessage]:
        return [message_from_bytes(e.original_content or e.content, policy=policy.default) for e in self.envelopes]


class SmtpServer:
    """An aiosmtpd server that is not started until ``start()``; its port is fixed up front."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = StoringHandler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def envelopes(self):
        return self.handler.envelopes

    @property
    def emails(self) -> list[EmailMessage]:
        return self.handler.emails


@pytest.fixture
def smtp_down(settings):
    """Email settings pointing at a loopback port with no server (yet): every send fails."""
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_down):
    """A running SMTP server that keeps every envelope it receives."""
    smtp_down.start()
    return smtp_down


def make_person(email: str | None, full_name: str, channels: list[str] | None = None, **fields) -> User:
    """A person; with ``channels`` or profile ``fields``, also a profile (``known_as`` and ``uses_web`` are
    the person's own). Built by ``accounts.tests.factories.person``."""
    user_fields = {key: fields.pop(key) for key in ("uses_web", "known_as") if key in fields}
    if channels is None and not fields:
        return person(email, full_name, profile=False, **user_fields)
    return person(email, full_name, channels=channels or [], **user_fields, **fields)


@pytest.fixture
def organiser(db) -> User:
    return make_person("olu@example.org", "Olu Organiser", ["email"])


@pytest.fixture
def partner(db) -> User:
    """Amira: a parent carer who takes part on the web and by email."""
    return make_person("amira@example.org", "Amira Khan", ["email", "app"], known_as="Amira")


@pytest.fixture
def grace(db) -> User:
    """Grace: no email, no smartphone; letters by post in large print."""
    return make_person(
        None,
        "Grace Adeyemi",
        ["letter"],
        uses_web=False,
        postal_address="12 Elm Road\nLeeds\nLS1 1AA",
        formats=["large_print"],
    )


@pytest.fixture
def outsider(db) -> User:
    return make_person("owen@example.org", "Owen Outsider")


@pytest.fixture
def notify(settings):
    """A fake GOV.UK Notify on loopback, with the settings pointing the text channel at it."""
    from roundtable.notifications.tests.fakes import API_KEY, TEMPLATE_ID, FakeNotify

    fake = FakeNotify().start()
    settings.TEXT_BACKEND = "notify"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_SMS_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_TIMEOUT = 5
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def _memory_texts():
    from roundtable.notifications.text import MemoryProvider

    MemoryProvider.reset()
    yield
    MemoryProvider.reset()


@pytest.fixture
def texts():
    """The texts the memory provider 'sent'."""
    from roundtable.notifications.text import MemoryProvider

    return MemoryProvider.sent
