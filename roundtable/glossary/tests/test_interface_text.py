"""The platform's own words meet the target, and the list of those that do not only ever shrinks.

Every template's visible text is scored (see ``glossary/interface_text.py``).
Strings over the target are compared with ``interface_baseline.json``:

* a string over the target that is not in the baseline fails the test: make it
  plainer (shorter sentences, everyday words, no jargon);
* a string in the baseline that is now fine (or gone) also fails, so the
  baseline shrinks with every fix. Update it with:

      UPDATE_INTERFACE_BASELINE=1 .venv/bin/pytest roundtable/glossary/tests/test_interface_text.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from roundtable.glossary.interface_text import over_target, reasons, strings_in
from roundtable.lib.plain_language import TARGET_READING_AGE

BASELINE = Path(__file__).with_name("interface_baseline.json")
UPDATE = "UPDATE_INTERFACE_BASELINE=1 .venv/bin/pytest roundtable/glossary/tests/test_interface_text.py"


def test_interface_text_only_gets_plainer():
    current = over_target()
    if os.environ.get("UPDATE_INTERFACE_BASELINE") == "1":
        BASELINE.write_text(
            json.dumps({"target_reading_age": TARGET_READING_AGE, "strings": current}, indent=1, ensure_ascii=False)
            + "\n",
            encoding="utf-8",
        )
        print(f"Wrote {len(current)} strings over the target to {BASELINE}")
        return
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["strings"]
    new = {text: current[text] for text in current if text not in baseline}
    fixed = [text for text in baseline if text not in current]
    lines = []
    if new:
        lines.append(f"{len(new)} interface string(s) are above reading age {TARGET_READING_AGE} or use jargon:")
        for text, info in new.items():
            lines.append(f"  - {text!r}\n      why: {', '.join(info['why'])}\n      in: {', '.join(info['templates'])}")
        lines.append("Make them plainer. If that truly cannot be done, add them to the baseline with:")
    if fixed:
        lines.append(f"{len(fixed)} string(s) in the baseline are now fine or gone. Well done! Shrink the baseline:")
        lines += [f"  - {text!r}" for text in fixed]
    if lines:
        lines.append(f"    {UPDATE}")
    assert not lines, "\n".join(lines)


def test_the_extractor_finds_visible_text():
    source = """{% load i18n %}{# a comment #}
    <h1 class="x">{% translate "Your projects" %}</h1>
    <p>{% blocktranslate with name=user.name %}Hello {{ name }}, <strong>welcome</strong>.{% endblocktranslate %}</p>
    <p>{% blocktranslate count counter=n %}{{ counter }} person{% plural %}
    {{ counter }} people{% endblocktranslate %}</p>
    {{ value|default:_("Not said yet.") }}
    <script nonce="x">var notText = "hidden";</script>
    <span>Roundtable</span> {% if x %}&amp; more{% endif %}
    """
    assert sorted(strings_in(source)) == sorted(
        ["Your projects", "Hello Sam, welcome .", "Sam person", "Sam people", "Not said yet.", "Roundtable", "& more"]
    )


def test_strings_are_judged_on_reading_age_and_jargon():
    assert reasons("Tell us what you think.") == []
    assert reasons("Sign in") == []
    assert reasons("The methodological considerations necessitate comprehensive evaluation.")[0].startswith(
        "reading age"
    )
    assert reasons("Dissemination") == ["jargon: Dissemination"]
    assert reasons("Ask CAMHS") == ["acronym not spelled out: CAMHS"]
