"""docs/health.md lists every registered recommendation in its table (issue 15)."""

from __future__ import annotations

import re

from roundtable.health.registry import recommendations
from roundtable.health.tests.test_docs import DOC


def recommendation_rows() -> dict[int, str]:
    """The rows of the table under ``## The twenty recommendations``, by number."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The twenty recommendations", 1)[1].split("\n## ", 1)[0]
    return {int(m[1]): m[2] for m in re.finditer(r"^\| (\d+) \| ([^|]+) \|", section, flags=re.MULTILINE)}


def test_the_document_has_a_row_for_each_of_the_twenty():
    assert sorted(recommendation_rows()) == list(range(1, 21))


def test_each_registered_recommendation_is_in_the_table_with_its_title_and_module():
    rows = recommendation_rows()
    text = DOC.read_text(encoding="utf-8")
    for recommendation in recommendations():
        assert rows.get(recommendation.number, "").strip() == recommendation.title, recommendation.number
        module = recommendation.evidence.__module__.rsplit(".", 1)[1]
        row = next(line for line in text.splitlines() if line.startswith(f"| {recommendation.number} |"))
        assert f"`{module}.py`" in row, f"docs/health.md, recommendation {recommendation.number}: name `{module}.py`"
