"""Languages: which ones the site offers, which one a person reads, and words for dates and times.

* ``catalogued_languages`` picks, from the languages we could offer, only those with a translation
  catalogue on disk (``<locale path>/<code>/LC_MESSAGES/django.mo``), plus the site's own language.
  A browser asking for Welsh then gets English pages marked ``lang="en-gb"``, not English words
  marked as Welsh (which screen readers would read out with Welsh sounds).
* ``language_of(person)`` turns the free-text language in a person's profile ("Welsh", "Cymraeg",
  "cy") into one of the site's language codes, or the site's own language.
* ``in_language_of(person)`` renders a message in that language: wrap the building of its words.
  ``by_language(people)`` groups people by language, for one message to many (``ids_by_language``
  does it from ids and profile languages, for thousands of people).
* ``duration_words`` (minutes) and ``hours_words`` (Decimal hours) say a length of time as people
  say it: "1 hour 30 minutes", never "1.5 hours" or "90 minutes".
* ``day_words`` and ``time_words`` format dates and clock times through the active locale
  (Django's ``date_format``), never ``strftime``, so month names follow the language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def has_catalogue(code: str, locale_paths: Iterable[Path | str]) -> bool:
    """True if a compiled catalogue for this language code exists in one of the locale folders."""
    names = {code, translation.to_locale(code)}
    return any((Path(base) / name / "LC_MESSAGES" / "django.mo").exists() for base in locale_paths for name in names)


def catalogued_languages(
    candidates: Iterable[tuple[str, str]], *, default: str, locale_paths: Iterable[Path | str]
) -> list[tuple[str, str]]:
    """The languages to offer: ``default`` always (the interface is written in it), others only with a catalogue.

    ``candidates`` are ``(code, name)`` pairs such as ``("cy", "Cymraeg")``; the default must be among them.
    """
    paths = list(locale_paths)
    return [(code, name) for code, name in candidates if code == default or has_catalogue(code, paths)]


def _names_for(code: str) -> set[str]:
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0]) or {}
    names = {code.lower(), code.split("-")[0].lower()}
    for key in ("name", "name_local"):
        if info.get(key):
            names.add(str(info[key]).lower())
    return names


def language_code_for(text: str) -> str:
    """The site language code for a language written as a person would ("Welsh", "cymraeg", "cy").

    Returns ``settings.LANGUAGE_CODE`` when the site does not offer that language (or the text is empty).
    """
    from django.conf import settings

    wanted = " ".join((text or "").split()).lower()
    if wanted:
        for code, name in settings.LANGUAGES:
            if wanted == str(name).lower() or wanted in _names_for(code):
                return code
    return settings.LANGUAGE_CODE


def language_of(person) -> str:
    """The site language code a person reads, from their profile's language; the site's own if none.

    ``person`` is a User or None (someone with no account yet gets the site's language).
    """
    profile = getattr(person, "profile", None) if person is not None else None
    return language_code_for(getattr(profile, "language", "") or "")


def in_language_of(person) -> AbstractContextManager:
    """A context manager: words built inside it are in the person's language. ``with in_language_of(amira): ...``"""
    return translation.override(language_of(person))


def by_language(people: Iterable) -> dict[str, list]:
    """People grouped by the language they read, in their order: ``{"en-gb": [...], "cy": [...]}``.

    For the same message to many people: build its words once per language, inside
    ``translation.override(code)``. Reads ``person.profile``, so select_related it.
    """
    groups: dict[str, list] = {}
    for person in people:
        groups.setdefault(language_of(person), []).append(person)
    return groups


def ids_by_language(rows: Iterable[tuple[int, str | None]]) -> dict[str, list[int]]:
    """Person ids grouped by the language they read, in their order, from ``(id, profile language)`` rows.

    As ``by_language``, without loading the people: ``users.values_list("pk", "profile__language")``
    (None for someone with no profile gives the site's language). Each distinct language text is read once.
    """
    codes: dict[str | None, str] = {}
    groups: dict[str, list[int]] = {}
    for person_id, text in rows:
        code = codes.get(text)
        if code is None:
            code = codes[text] = language_code_for(text or "")
        groups.setdefault(code, []).append(person_id)
    return groups


def duration_words(minutes: int) -> str:
    """A length of time as people say it, from whole minutes: "45 minutes", "1 hour", "1 hour 30 minutes".

    Never "1.5 hours" or "90 minutes". Negative numbers count as 0.
    """
    minutes = max(0, int(minutes))
    hours, rest = divmod(minutes, 60)
    hour_words = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minute_words = ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest}
    if hours and rest:
        return _("%(hours)s %(minutes)s") % {"hours": hour_words, "minutes": minute_words}
    return hour_words if hours else minute_words


def hours_to_minutes(value) -> int | None:
    """Whole minutes in a number of hours (Decimal, int or string such as "1.5"), half up; None if not a number."""
    if value is None or value == "":
        return None
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not hours.is_finite():
        return None
    return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def hours_words(value) -> str:
    """Hours as people say them: Decimal("1.5") is "1 hour 30 minutes"; "" for no value."""
    minutes = hours_to_minutes(value)
    return "" if minutes is None else duration_words(minutes)


def day_words(value: dt.date | dt.datetime, *, weekday: bool = False, year: bool = True, short: bool = False) -> str:
    """A date in words through the active locale: "3 March 2026" ("Tuesday 3 March 2026", "3 Mar 2026").

    A datetime is shown on its London (``TIME_ZONE``) date. ``short`` gives the short month name (tables).
    """
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    pattern = ("l " if weekday else "") + ("j M" if short else "j F") + (" Y" if year else "")
    return formats.date_format(value, pattern)


def time_words(value: dt.datetime | dt.time) -> str:
    """A clock time through the active locale's time format, in London time for a datetime."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    # "H:i" is a format of its own, not the name of a locale's format, so every language writes it the
    # same: 24-hour hours and minutes (formats.time_format(value, "H:i") gives the same, more slowly).
    return f"{value:%H:%M}"
