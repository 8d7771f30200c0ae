"""docs/health.md and the code say the same thing about every sign (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

from roundtable.health.registry import signs

DOC = Path(__file__).resolve().parents[3] / "docs" / "health.md"


def sign_sections() -> dict[int, str]:
    """The text of each ``### Sign N: ...`` section of docs/health.md, by N."""
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### Sign (\d+): .*$", text, flags=re.MULTILINE)
    return {int(number): body.split("\n## ")[0] for number, body in zip(parts[1::2], parts[2::2], strict=True)}


def test_every_registered_sign_is_defined_in_the_document_with_its_key_and_threshold():
    sections = sign_sections()
    for sign in signs():
        section = sections.get(sign.number, "")
        assert f"`{sign.key}`" in section, f"docs/health.md, sign {sign.number}: give its key `{sign.key}`"
        described = sign.threshold.describe()
        assert described in section, f"docs/health.md, sign {sign.number}: quote the threshold {described!r}"
        assert sign.threshold.source.strip(), f"sign {sign.number}: say where the threshold comes from"


def test_the_document_has_a_section_for_each_of_the_ten_signs():
    assert sorted(sign_sections()) == list(range(1, 11))
