"""An email backend that writes each email to its own file, named by its Message-ID.

For the demo, the benchmark and the several-worker test (``bench/workers.py``). Like the file text
provider (``text/file.py``) it behaves as a mail service that knows what it has accepted: sending the
same Message-ID again keeps the first file, notes the second attempt in ``doubles.log`` (so a test can
see a double send), and ``has_message`` answers whether an email was accepted already. The email
channel asks that before sending again a message a stopped worker may have sent (``maybe_sent``).

Settings: ``EMAIL_MODE=files`` chooses it; files go to ``EMAIL_FILE_PATH``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def file_name(message_id: str) -> str:
    """The file an email with this Message-ID header is written to (``<hash>.eml``)."""
    return hashlib.sha256(message_id.strip().encode("utf-8")).hexdigest()[:40] + ".eml"


class EmailBackend(BaseEmailBackend):
    """Each email to ``<EMAIL_FILE_PATH>/<hash of Message-ID>.eml``; the first copy stays."""

    def __init__(self, *args, file_path: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def has_message(self, message_id: str) -> bool:
        """Whether an email with this Message-ID was accepted already."""
        return (self.folder / file_name(message_id)).exists()

    def send_messages(self, email_messages) -> int:
        sent = 0
        for email in email_messages:
            message = email.message()
            message_id = str(message.get("Message-ID") or "")
            if not message_id:
                raise ValueError("Each email needs a Message-ID header for this backend.")
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.as_bytes())
            try:
                os.link(tmp, self.folder / file_name(message_id))  # atomic: the first copy stays
            except FileExistsError:
                with open(self.folder / "doubles.log", "a", encoding="utf-8") as log:
                    log.write(message_id + "\n")
            finally:
                os.unlink(tmp)
            sent += 1
        return sent
