"""How a person is named in credits, exactly as they agreed. The one place this rule lives."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from roundtable.accounts.models import Naming


def credited_name(*, naming: str, full_name: str, short_name: str, pseudonym: str = "") -> str | None:
    """The words that stand for the person, or None when they asked not to be mentioned at all."""
    if naming == Naming.FULL_NAME:
        return full_name
    if naming == Naming.FIRST_NAME:
        return short_name
    if naming == Naming.PSEUDONYM and pseudonym.strip():
        return pseudonym.strip()
    if naming == Naming.NOT_NAMED:
        return None
    return anonymous_label()


def anonymous_label() -> str:
    return _("a parent carer")


def former_member_label() -> str:
    """How an output shows someone whose account is deleted: not named, and not said to have chosen that."""
    return _("A former member")


def is_named(naming: str, pseudonym: str = "") -> bool:
    """True when the name shown is the person's own name (or their chosen made-up name)."""
    return naming in (Naming.FULL_NAME, Naming.FIRST_NAME) or (naming == Naming.PSEUDONYM and bool(pseudonym.strip()))


ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_normalise(value: str) -> str:
    """``0000-0002-1825-0097`` from what people paste (a URL, spaces, no dashes)."""
    text = value.strip().upper()
    for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/", "ORCID.ORG/"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    digits = re.sub(r"[\s-]", "", text)
    if len(digits) == 16:
        return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    return text


def orcid_is_valid(value: str) -> bool:
    """ISO 7064 11,2 check digit, as ORCID describes it."""
    if not ORCID_RE.match(value):
        return False
    digits = value.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    check = "X" if result == 10 else str(result)
    return digits[-1] == check


def profile_credit(person) -> tuple[str | None, bool, bool]:
    """How ``person`` (a User, with ``profile`` loaded or absent) is named where no output-specific choice
    applies, as the project's "people behind it" page names them: ``(words, named, former)``.

    ``words`` is None when they asked not to be mentioned; ``named`` is True for their own or chosen made-up
    name; ``former`` is True when their account is deleted (then ``words`` is "A former member").
    """
    if person.is_former_member:
        return former_member_label(), False, True
    profile = getattr(person, "profile", None)
    naming = (profile.naming if profile is not None else "") or Naming.ANONYMOUS
    pseudonym = (profile.pseudonym if profile is not None else "") or ""
    words = credited_name(naming=naming, full_name=person.full_name, short_name=person.short_name, pseudonym=pseudonym)
    return words, words is not None and is_named(naming, pseudonym), False
