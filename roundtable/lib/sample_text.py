"""Text that breaks careless layouts, for test data ("test the kind", issue 13).

People type words and web addresses of any length. Test factories put a 150-letter word and a
200-character web address into every text they make, so a page that would scroll sideways at
320 px (WCAG 1.4.10) fails a browser journey instead of a person's phone.

``stretch(text, limit)`` keeps the original words first (tests still find them) and adds as much of
the long word and address as the field's ``max_length`` allows.
"""

from __future__ import annotations

# 150 letters, no spaces: a real place name, repeated (58 letters each).
_PLACE = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
LONG_WORD = (_PLACE * 3)[:150]
# 200 characters, no spaces: an address as people paste them from a browser.
_URL_START = "https://www.example.org/parent-carers/support/meetings/"
LONG_URL = _URL_START + ("minutes-of-the-meeting-" * 10)[: 200 - len(_URL_START)]

assert len(LONG_WORD) == 150 and len(LONG_URL) == 200  # noqa: S101 - a fact the tests rely on


def stretch(text: str, limit: int | None = None) -> str:
    """``text`` followed by the long word and the long address, cut to ``limit`` characters.

    The original text always comes first and is kept whole; what is cut is the long part. With
    ``limit`` too small for even 40 letters more, ``text`` is returned as it is.
    """
    full = f"{text} {LONG_WORD} {LONG_URL}"
    if limit is None or len(full) <= limit:
        return full
    room = limit - len(text) - 1
    return f"{text} {(LONG_WORD + LONG_URL)[:room]}" if room >= 40 else text
