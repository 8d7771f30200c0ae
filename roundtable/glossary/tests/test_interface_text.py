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

from roundtable.glossary.interface_text import (
    MAX_GRADE,
    grade_report,
    hard_sentences,
    interface_strings,
    over_target,
    python_strings,
    reasons,
    reviewed_sentences,
    strings_in,
)
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


# --- Every sentence, templates and Python, at grade 6 or below (issue 13) ------------------------

ADD_REVIEWED = "add the sentence, as printed, to roundtable/glossary/interface_reviewed.txt"


def test_no_new_sentence_above_grade_6():
    """A sentence of five words or more above Flesch-Kincaid grade 6 must be rewritten or reviewed."""
    report = grade_report()
    reviewed = reviewed_sentences()
    new = {sentence: info for sentence, info in report.hard.items() if sentence not in reviewed}
    stale = sorted(reviewed - set(report.hard))
    if stale:  # not a failure: another branch may still use them; shrink the list when you see this
        print(f"{len(stale)} reviewed sentence(s) are gone or plain now:\n" + "\n".join(f"  {s}" for s in stale))
    lines = [f"{len(new)} interface sentence(s) read above grade {MAX_GRADE} (a reading age of 11):"]
    for sentence, info in sorted(new.items(), key=lambda item: -item[1]["grade"]):
        lines.append(f"  - {sentence!r} (grade {info['grade']})\n      in: {', '.join(info['in'])}")
    lines.append(f"Use shorter sentences and everyday words. Only if it must stay as it is, {ADD_REVIEWED}.")
    assert not new, "\n".join(lines)


def test_at_least_95_percent_of_interface_strings_read_at_age_11():
    report = grade_report()
    assert report.share_passing >= 0.95, (
        f"{report.passing} of {report.total} interface strings ({report.share_passing:.1%}) have no sentence "
        f"above grade {MAX_GRADE}; the aim is 95%. Rewrite the hardest in interface_reviewed.txt."
    )


def test_the_footer_and_python_strings_are_checked(tmp_path):
    """Python strings are found under any gettext alias, placeholders read as a short word."""
    app = tmp_path / "roundtable" / "things"
    app.mkdir(parents=True)
    (app / "views.py").write_text(
        "from django.utils.translation import gettext as _g, ngettext\n"
        "A = _g('Empty: used for every organisation.')\n"
        "B = ngettext('%(n)s thing is here', '%(n)s things are here', 2)\n"
        "C = other('Not a translated string at all, however complicated its vocabulary.')\n",
        encoding="utf-8",
    )
    (tmp_path / "roundtable" / "things" / "tests").mkdir()
    (tmp_path / "roundtable" / "things" / "tests" / "test_x.py").write_text("_('Ignored in tests, naturally.')\n")
    found = python_strings(tmp_path)
    assert set(found) == {"Empty: used for every organisation.", "%(n)s thing is here", "%(n)s things are here"}
    assert hard_sentences("Empty: used for every organisation.")  # grade 14.7: the example
    assert hard_sentences("%(n)s things are here, waiting for you.") == []
    footer = [text for text in interface_strings() if text.startswith("Roundtable helps groups work")]
    assert footer and all(hard_sentences(text) == [] for text in footer)
