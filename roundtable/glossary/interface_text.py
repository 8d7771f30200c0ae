"""The platform's own words, scored: the visible text of every template, judged like partners' text.

``interface_strings()`` reads every template under ``templates/`` and
``roundtable/*/templates/`` and returns each visible string with the templates
it is in:

* translated strings: ``{% translate "…" %}``, ``{% blocktranslate %}…{% endblocktranslate %}``
  (singular and plural separately, ``{{ name }}`` read as a short word), and
  ``_("…")`` inside tags and filters;
* text outside any translation tag (after removing tags, comments, template
  syntax, scripts and styles), which a reader sees too.

``over_target()`` keeps the strings a partner would struggle with: a reading
age over the target (11) for strings of five words or more (below that a
reading age means little), or jargon, or an acronym not spelled out, for any
string. The test in ``glossary/tests/test_interface_text.py`` compares them
with a committed baseline so the list only ever shrinks.

``python_strings()`` reads the strings marked for translation in Python code (``_("…")``,
``gettext``, ``ngettext`` and their aliases) with ``ast``. ``hard_sentences()`` and
``grade_report()`` judge every sentence of five words or more, in templates and Python, against
Flesch-Kincaid grade 6 (a reading age of 11; issue 13): a sentence above it must be rewritten or be
on the reviewed list, ``glossary/interface_reviewed.txt``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from django.conf import settings

from roundtable.lib import plain_language as pl

PLACEHOLDER = "Sam"  # what a {{ variable }} reads as: one short word

_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_BLOCKTRANS = re.compile(
    r"{%\s*blocktrans(?:late)?\b(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)
_TRANS = re.compile(r"""{%\s*trans(?:late)?\s+(?P<q>["'])(?P<text>.*?)(?P=q)[^%]*%}""", re.S)
_UNDERSCORE = re.compile(r"""_\(\s*(?P<q>["'])(?P<text>.*?)(?P=q)\s*\)""", re.S)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_HTML_TAG = re.compile(r"<[^>]*>", re.S)
_VARIABLE = re.compile(r"{{\s*(.*?)\s*}}")


@dataclass
class InterfaceString:
    text: str
    templates: set[str] = field(default_factory=set)


def template_files(root: Path | None = None) -> list[Path]:
    root = Path(root or settings.BASE_DIR)
    files = list((root / "templates").rglob("*.html")) + list((root / "templates").rglob("*.txt"))
    for app_templates in (root / "roundtable").glob("*/templates"):
        files += list(app_templates.rglob("*.html")) + list(app_templates.rglob("*.txt"))
    return sorted(set(files))


def _tidy(text: str) -> str:
    text = _VARIABLE.sub(PLACEHOLDER, text)
    text = _TAG_SYNTAX.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    return " ".join(unescape(text).split())


def strings_in(source: str) -> list[str]:
    """The visible strings of one template's source, translated and not."""
    source = _COMMENT.sub(" ", source)
    found: list[str] = []

    def blocktrans(match: re.Match) -> str:
        for part in re.split(r"{%\s*plural\s*%}", match.group("body")):
            found.append(_tidy(part))
        return " "

    source = _BLOCKTRANS.sub(blocktrans, source)
    for pattern in (_TRANS, _UNDERSCORE):
        for match in pattern.finditer(source):
            found.append(_tidy(match.group("text")))
    source = _TRANS.sub(" ", source)
    source = _SCRIPT_STYLE.sub(" ", source)
    # What is left between tags is text a reader sees without translation.
    source = _TAG_SYNTAX.sub("\n", source)
    for chunk in _HTML_TAG.split(source):
        text = " ".join(unescape(chunk).split())
        if re.search(r"[^\W\d_]", text):
            found.append(text)
    return [s for s in found if s and re.search(r"[^\W\d_]", s)]


def interface_strings(root: Path | None = None) -> dict[str, InterfaceString]:
    root = Path(root or settings.BASE_DIR)
    strings: dict[str, InterfaceString] = {}
    for path in template_files(root):
        name = str(path.relative_to(root))
        for text in strings_in(path.read_text(encoding="utf-8")):
            strings.setdefault(text, InterfaceString(text)).templates.add(name)
    return strings


def reasons(text: str, target: int = pl.TARGET_READING_AGE) -> list[str]:
    """Why a string is above the target, or an empty list if it is fine."""
    report = pl.check(text, target_reading_age=target)
    why = []
    if report.scored and report.reading_age > target:
        why.append(f"reading age {report.reading_age}")
    why += [f"jargon: {hit.found}" for hit in report.jargon_to_change]
    why += [f"acronym not spelled out: {a.acronym}" for a in report.unexplained_acronyms]
    return why


def over_target(root: Path | None = None, target: int = pl.TARGET_READING_AGE) -> dict[str, dict]:
    """Each string above the target: why, and where. Sorted, for a stable baseline file."""
    result = {}
    for text, item in sorted(interface_strings(root).items()):
        why = reasons(text, target)
        if why:
            result[text] = {"why": why, "templates": sorted(item.templates)}
    return result


# --- Every sentence, templates and Python, against grade 6 (issue 13) ----------------------------

MAX_GRADE = 6  # Flesch-Kincaid grade 6: a reading age of 11 (plain_language.reading_age_from_grade)
MIN_WORDS = 5  # below five words a grade means little
REVIEWED = Path(__file__).with_name("interface_reviewed.txt")
_GETTEXT = {"gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
# %(name)s, %s, %d and {name} read as one short word, like {{ name }} in a template.
_PY_PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")


def _gettext_names(tree: ast.Module) -> set[str]:
    """The names gettext goes by in one module: ``_``, ``_g``, ``_t`` or whatever it was imported as."""
    names = {"_"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in _GETTEXT}
    return names


def python_files(root: Path | None = None) -> list[Path]:
    """Application code under ``roundtable/``; tests and migrations are not interface."""
    root = Path(root or settings.BASE_DIR)
    return sorted(
        path
        for path in (root / "roundtable").rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    )


def python_strings(root: Path | None = None) -> dict[str, InterfaceString]:
    """Each string marked for translation in Python (singular and plural), with the files it is in."""
    root = Path(root or settings.BASE_DIR)
    strings: dict[str, InterfaceString] = {}
    for path in python_files(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _gettext_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                for arg in node.args[:2]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip():
                        text = " ".join(arg.value.split())
                        strings.setdefault(text, InterfaceString(text)).templates.add(str(path.relative_to(root)))
    return strings


def all_strings(root: Path | None = None) -> dict[str, InterfaceString]:
    """Template and Python strings together."""
    merged = interface_strings(root)
    for text, item in python_strings(root).items():
        merged.setdefault(text, InterfaceString(text)).templates |= item.templates
    return merged


def hard_sentences(text: str, max_grade: float = MAX_GRADE) -> list[tuple[str, float]]:
    """The sentences of ``text`` with five words or more above ``max_grade`` (Flesch-Kincaid), with their grade."""
    text = _PY_PLACEHOLDER.sub(PLACEHOLDER, text)
    hard = []
    for sentence in pl.split_sentences(text):
        if sentence.words >= MIN_WORDS:
            grade = pl.scores(sentence.text).flesch_kincaid_grade
            if grade > max_grade:
                hard.append((sentence.text, grade))
    return hard


def reviewed_sentences(path: Path = REVIEWED) -> set[str]:
    """The sentences a person has read and kept although they are above grade 6 (one a line, # comments)."""
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


@dataclass
class GradeReport:
    total: int  # strings
    passing: int  # strings with no sentence above the grade
    hard: dict[str, dict]  # sentence -> {"grade": float, "in": [files]}

    @property
    def share_passing(self) -> float:
        return self.passing / self.total if self.total else 1.0


def grade_report(root: Path | None = None, max_grade: float = MAX_GRADE) -> GradeReport:
    """Every interface string judged sentence by sentence; the hard sentences with where they are."""
    strings = all_strings(root)
    hard: dict[str, dict] = {}
    passing = 0
    for text, item in sorted(strings.items()):
        found = hard_sentences(text, max_grade)
        if not found:
            passing += 1
        for sentence, grade in found:
            entry = hard.setdefault(sentence, {"grade": round(grade, 1), "in": set()})
            entry["in"] |= item.templates
    for entry in hard.values():
        entry["in"] = sorted(entry["in"])
    return GradeReport(total=len(strings), passing=passing, hard=hard)
