"""Text messages: a small provider interface and the providers behind it.

A provider has one job, ``send``, and may also say whether it already has a
text with a given reference (``find``), so a text whose first try was cut off
by a dying worker is not sent twice::

    send(*, to: str, body: str, reference: str) -> str     # the provider's id for the text
    find(*, reference: str) -> str | None                   # its id, if it already has one
    raises TextRejected  -> permanent: do not try this text again (a bad number)
    raises TextFailed    -> try again later (the provider is down or busy)

Providers: ``notify`` (GOV.UK Notify's HTTP API, notify.py), ``file`` (one
file per text in a folder, for the demo) and ``memory`` (a list, for tests).
Choose with the TEXT_BACKEND environment variable (see conf.py).
"""

from __future__ import annotations

import re
from typing import Protocol

from roundtable.notifications import conf


class TextFailed(Exception):
    """This try failed; it may work later."""


class TextRejected(TextFailed):
    """The provider will never accept this text (for example, not a mobile number)."""


class TextProvider(Protocol):
    name: str

    def send(self, *, to: str, body: str, reference: str) -> str: ...

    def find(self, *, reference: str) -> str | None: ...


# UK mobile numbers: 07xxx xxxxxx, +44 7xxx xxxxxx or 0044 7...
_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")


def mobile_number(raw: str) -> str:
    """The number in +447... form if it is a UK mobile, else "" (a landline cannot get texts)."""
    digits = re.sub(r"[\s()-]", "", raw or "")
    if not _MOBILE.match(digits):
        return ""
    return "+44" + digits[-10:]


class MemoryProvider:
    """Keeps texts in a list (``sent``); for tests. ``fail_with`` makes the next sends fail."""

    name = "memory"
    sent: list[dict] = []
    fail_with: Exception | None = None

    def send(self, *, to: str, body: str, reference: str) -> str:
        if MemoryProvider.fail_with is not None:
            raise MemoryProvider.fail_with
        existing = self.find(reference=reference)
        if existing:
            return existing
        provider_id = f"memory-{len(MemoryProvider.sent) + 1}"
        MemoryProvider.sent.append({"id": provider_id, "to": to, "body": body, "reference": reference})
        return provider_id

    def find(self, *, reference: str) -> str | None:
        return next((t["id"] for t in MemoryProvider.sent if t["reference"] == reference), None)

    @classmethod
    def reset(cls) -> None:
        cls.sent = []
        cls.fail_with = None


def get_provider() -> TextProvider | None:
    """The provider chosen in the settings, or None when texts are switched off."""
    backend = conf.text_backend()
    if backend == "notify":
        from roundtable.notifications.text.notify import NotifyProvider

        return NotifyProvider.from_settings()
    if backend == "file":
        from roundtable.notifications.text.file import FileProvider

        return FileProvider(conf.text_file_path())
    if backend == "memory":
        return MemoryProvider()
    return None
