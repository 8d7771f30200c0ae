"""The accessibility statement's facts, kept true by the browser tests (issue 18).

* ``AXE_RULES_OFF``: axe rules the browser journeys switch off (rule id -> why). ``e2e/conftest.py`` passes
  exactly these to axe, and every one must have a ``KnownProblem`` naming it, so a rule cannot be switched
  off without the statement saying so (``promises/tests/test_accessibility.py``). Today: none.
* ``KNOWN_PROBLEMS``: what we know is not accessible, in plain words, with what we are doing about it.
* ``RECORD``: what the last full browser run found (``accessibility_record.json``): the date, how many
  pages axe checked at which widths, and how many violations. The e2e session writes it when run with
  ``ROUNDTABLE_RECORD_ACCESSIBILITY=1`` and only if every page passed; the statement prints it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RECORD_PATH = Path(__file__).resolve().parent / "accessibility_record.json"

# axe rule id -> why it is off. Adding one here without a KnownProblem fails a test.
AXE_RULES_OFF: dict[str, str] = {}

# The standard the statement measures against (GOV.UK sample accessibility statement, 2024 wording).
STANDARD = "WCAG 2.2 AA"


@dataclass(frozen=True)
class KnownProblem:
    """Something that is not yet accessible. ``axe_rule``: the axe rule it explains, if any."""

    what: str | Promise
    doing: str | Promise
    axe_rule: str = ""


KNOWN_PROBLEMS: tuple[KnownProblem, ...] = (
    KnownProblem(
        what=_(
            "Papers that staff put on the site, like PDF and Word files, are made by them. We do not check "
            "them, so some may be hard to use with a screen reader."
        ),
        doing=_(
            "Staff can add an Easy Read, large print or sound copy to each meeting. You can ask the "
            "organiser for a paper in the format you need."
        ),
    ),
    KnownProblem(
        what=_(
            "Text that staff write, like role offers and news, may use long words. Our writing "
            "check warns them, but it does not stop them."
        ),
        doing=_("You can ask staff to explain it, or to send it in Easy Read."),
    ),
    KnownProblem(
        what=_(
            "Experts have not yet checked the website. We have not yet tested it with people who "
            "use screen readers or voice control."
        ),
        doing=_("We plan to do this. Until then, tell us about anything that does not work for you."),
    ),
)


@dataclass(frozen=True)
class Record:
    """The last recorded browser run: ``tested_on`` (a date), ``pages`` (distinct pages axe checked),
    ``checks`` (axe runs), ``widths`` (CSS pixels axe ran at), ``reflow_width`` (the width checked for
    sideways scrolling), ``violations`` (found in that run: the record is only written when it is 0)."""

    tested_on: dt.date
    pages: int
    checks: int
    widths: tuple[int, ...]
    reflow_width: int
    violations: int
    rules_off: tuple[str, ...]


def load_record(path: Path = RECORD_PATH) -> Record | None:
    """The recorded run, or None when there is none yet."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Record(
        tested_on=dt.date.fromisoformat(data["tested_on"]),
        pages=int(data["pages"]),
        checks=int(data["checks"]),
        widths=tuple(int(w) for w in data["widths"]),
        reflow_width=int(data["reflow_width"]),
        violations=int(data["violations"]),
        rules_off=tuple(data.get("rules_off", [])),
    )


def write_record(
    *,
    tested_on: dt.date,
    pages: int,
    checks: int,
    widths: list[int],
    reflow_width: int,
    violations: int,
    path: Path = RECORD_PATH,
) -> None:
    """Write the record (the e2e session calls this after a run in which every page passed)."""
    data = {
        "tested_on": tested_on.isoformat(),
        "pages": pages,
        "checks": checks,
        "widths": sorted(set(widths)),
        "reflow_width": reflow_width,
        "violations": violations,
        "rules_off": sorted(AXE_RULES_OFF),
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def compliance() -> str:
    """The compliance status, in the standard words: "partially" while any problem is known."""
    return "partially" if KNOWN_PROBLEMS else "fully"
