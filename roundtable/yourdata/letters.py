"""A "your data is ready" letter carries the printed summary (registered with the outbox's letter parts)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from roundtable.notifications.letter_parts import Enclosure, LetterParts

if TYPE_CHECKING:
    from roundtable.notifications.models import Message

_READY = re.compile(r"^yourdata:(\d+):ready$")


def summary_enclosure(message: Message) -> LetterParts | None:
    """The summary PDF for a "your data is ready" letter (key ``yourdata:<request>:ready``), or None."""
    from roundtable.yourdata.models import DataRequest

    found = _READY.match(message.idempotency_key or "")
    if not found:
        return None
    request = DataRequest.objects.filter(pk=int(found.group(1)), person_id=message.recipient_id).first()
    if request is None or not request.summary_pdf:
        return None

    def load() -> bytes:
        with request.summary_pdf.open("rb") as handle:
            return handle.read()

    return LetterParts(
        enclosures=[Enclosure(title="Your data: a summary", kind="pdf", content_type="application/pdf", load=load)]
    )
