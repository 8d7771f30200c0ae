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


def test_all_ten_signs_are_registered_with_distinct_keys_that_read_as_slugs():
    registered = signs()
    assert [sign.number for sign in registered] == list(range(1, 11))
    keys = [sign.key for sign in registered]
    assert len(set(keys)) == 10
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", key) for key in keys), keys


def test_a_threshold_of_all_of_them_is_not_described_as_all_or_more():
    from decimal import Decimal

    from roundtable.health.registry import Threshold

    rule = Threshold("%", Decimal(100), Decimal(80), True, 1, "output", "ours").describe()
    assert rule == "Good at 100%. At risk below 80%. Needs at least 1 output."


def test_counts_and_units_read_right_for_one():
    from decimal import Decimal

    from roundtable.health.registry import Threshold, amount_words

    rule = Threshold("points", Decimal(1), Decimal(3), False, 1, "decisions", "ours", evidence_noun_one="decision")
    assert rule.evidence_words(1) == "1 decision" and rule.evidence_words(4) == "4 decisions"
    assert rule.describe() == "Good at 1 point or less. At risk above 3 points. Needs at least 1 decision."
    assert amount_words(Decimal("3.5"), "points") == "3.5 points" and amount_words(Decimal(1), "days") == "1 day"
