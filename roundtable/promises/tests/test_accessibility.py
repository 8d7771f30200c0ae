"""The accessibility statement claims only what the browser tests back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from roundtable.promises import accessibility
from roundtable.promises.accessibility import AXE_RULES_OFF, KNOWN_PROBLEMS, load_record

ROOT = Path(__file__).resolve().parents[3]
E2E_CONFTEST = ROOT / "e2e" / "conftest.py"
LAST_RUN = ROOT / "e2e" / "artifacts" / "axe-results.json"


def test_every_axe_rule_switched_off_is_a_known_problem():
    explained = {p.axe_rule for p in KNOWN_PROBLEMS if p.axe_rule}
    assert set(AXE_RULES_OFF) <= explained, "Say in KNOWN_PROBLEMS why each axe rule is off."


def test_the_browser_tests_switch_off_only_the_rules_the_statement_names():
    source = E2E_CONFTEST.read_text(encoding="utf-8")
    assert "from roundtable.promises.accessibility import AXE_RULES_OFF" in source
    assert '{rule: {"enabled": False} for rule in AXE_RULES_OFF}' in source
    # No other way of leaving rules, or parts of a page, out of axe.
    for escape in ("disableRules", "withRules", ".exclude(", '"enabled": False}'):
        assert source.count(escape) == (1 if escape == '"enabled": False}' else 0), escape


def test_the_statement_shows_every_known_problem_and_the_record(client):
    page = client.get("/accessibility/").content.decode()
    for problem in KNOWN_PROBLEMS:
        assert str(problem.what).replace("'", "&#x27;") in page
    assert "partially compliant" in page if KNOWN_PROBLEMS else "fully compliant" in page
    for heading in ("Getting this in another way", "Telling us about a problem", "If you are not happy with our answer",
                    "How we tested this website"):  # fmt: skip
        assert heading in page
    for way in ("a letter by post", "large print", "Easy Read", "read it to you on the phone"):
        assert way in page
    assert "Equality Advisory and Support Service" in page
    record = load_record()
    if record is not None:
        assert record.tested_on.strftime("%-d %B %Y") in page
        assert ", ".join(str(w) for w in record.widths) in page


def test_the_record_claims_what_the_browser_tests_check():
    record = load_record()
    if record is None:
        pytest.skip("No browser run has been recorded yet (ROUNDTABLE_RECORD_ACCESSIBILITY=1 make e2e).")
    conftest = E2E_CONFTEST.read_text(encoding="utf-8")
    assert record.violations == 0
    assert record.pages > 0 and record.checks >= record.pages
    assert f"REFLOW_WIDTH = {record.reflow_width}" in conftest
    for width in record.widths:
        assert f'"width": {width}' in conftest, f"The record says axe ran at {width} px; the journeys do not."
    assert set(record.rules_off) == set(AXE_RULES_OFF)
    assert isinstance(record.tested_on, dt.date)  # a real date, read from the record (not compared with today)


def test_the_last_browser_run_on_this_machine_agrees_with_the_statement():
    if not LAST_RUN.exists():
        pytest.skip("No browser run on this machine (e2e/artifacts/axe-results.json).")
    run = json.loads(LAST_RUN.read_text(encoding="utf-8"))
    if run["passed"]:
        assert run["violations"] == 0
    record = load_record()
    if record is not None:
        assert run["reflow_width"] == record.reflow_width


def test_compliance_follows_the_known_problems(monkeypatch):
    monkeypatch.setattr(accessibility, "KNOWN_PROBLEMS", ())
    assert accessibility.compliance() == "fully"
    monkeypatch.setattr(accessibility, "KNOWN_PROBLEMS", KNOWN_PROBLEMS)
    assert accessibility.compliance() == "partially"
