"""Plain text that every report format can hold.

XML 1.0, and so Word files (python-docx) and the PDF's HTML, cannot hold most control characters: a
vertical tab or form feed pasted from another program, or a stray \\x01, made the Word download fail.
``clean_text`` keeps tab and newline, turns other line and page breaks into newlines, and drops the rest.
"""

from __future__ import annotations

import re

# Breaks people meant as a new line: carriage return, vertical tab, form feed, the file/group/record
# separators, next line (U+0085), line separator and paragraph separator.
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Every other C0 and C1 control character (not tab \x09, not newline \x0a), DEL, and the two
# non-characters XML forbids.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def clean_text(text: str | None) -> str:
    """``text`` with control characters taken out (tab and newline stay; other breaks become a newline).

    Returns "" for None. Safe to call twice: cleaning clean text changes nothing.
    """
    return _CONTROL.sub("", _BREAKS.sub("\n", text or ""))
