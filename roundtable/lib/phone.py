"""Phone numbers written for a ``tel:`` link.

A ``tel:`` address may not contain spaces (RFC 3966; the Nu HTML Checker rejects ``tel:07700 900782``)
and some phones will not dial a national number from a link, so links use the international form:
``07700 900782`` becomes ``+447700900782``. What a person reads stays as they typed it.
"""

from __future__ import annotations

import re

UK_COUNTRY_CODE = "44"


def tel_uri(number: str | None) -> str:
    """``tel:+447700900782`` for a UK number however it was typed, or "" if there are no digits.

    Spaces, brackets, dots and hyphens go. A number starting with ``0`` (national) becomes ``+44``
    without the ``0``; ``0044`` becomes ``+44``; one starting with ``+`` keeps its country code.
    Anything else (a short code such as 111) is kept as digits.
    """
    text = (number or "").strip()
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    if plus:
        return f"tel:+{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("0"):
        return f"tel:+{UK_COUNTRY_CODE}{digits[1:]}"
    return f"tel:{digits}"
