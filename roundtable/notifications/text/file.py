"""The file text provider: each text is one file in a folder, named by its reference.

For the demo and the benchmark. Writing the same reference twice keeps the
first file, just as a provider that de-duplicates would.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.utils import timezone

from roundtable.notifications.text import TextFailed


def _name(reference: str) -> str:
    return hashlib.sha256(reference.encode("utf-8")).hexdigest()[:32] + ".json"


class FileProvider:
    name = "file"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def find(self, *, reference: str) -> str | None:
        path = self.folder / _name(reference)
        return path.stem if path.exists() else None

    def send(self, *, to: str, body: str, reference: str) -> str:
        path = self.folder / _name(reference)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            record = {"to": to, "body": body, "reference": reference, "at": timezone.now().isoformat()}
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle, ensure_ascii=False, indent=1)
            try:
                os.link(tmp, path)  # fails if the text is already there: the first one stays
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
        except OSError as exc:
            raise TextFailed(f"Could not write the text to {self.folder}: {exc}") from exc
        return path.stem


def read_texts(folder: Path) -> list[dict]:
    """Every text in the folder, oldest first (for the demo and tests)."""
    folder = Path(folder)
    if not folder.exists():
        return []
    texts = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    return sorted(texts, key=lambda t: t["at"])
