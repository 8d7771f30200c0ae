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
"""

from __future__ import annotations

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
