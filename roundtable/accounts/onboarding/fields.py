"""What the question forms share: time and day fields, times in words, checks of a time range."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from roundtable.accounts.models import Weekday

TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I:%M %p", "%I.%M%p", "%I%p", "%I %p", "%H"]
TIME_ERROR = _("Enter a time like 20:00 or 8pm")
PHONE_ALLOWED = re.compile(r"^\+?[0-9 ()\-]+$")
NONE = "none"


def format_time(value: time | None) -> str:
    """8pm, 8:30am, midday, midnight: the GOV.UK style, short and clear."""
    if value is None:
        return ""
    if value.hour == 0 and value.minute == 0:
        return str(_("midnight"))
    if value.hour == 12 and value.minute == 0:
        return str(_("midday"))
    hour = value.hour % 12 or 12
    suffix = _t("am") if value.hour < 12 else _t("pm")
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def time_field(label: StrOrPromise, hint: StrOrPromise = "") -> forms.TimeField:
    """An optional time box that takes 20:00, 8pm, 8.30pm and the like (TIME_INPUT_FORMATS)."""
    return forms.TimeField(
        label=label,
        help_text=hint,
        required=False,
        input_formats=TIME_INPUT_FORMATS,
        error_messages={"invalid": TIME_ERROR},
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"),
    )


def days_field(label: StrOrPromise, hint: StrOrPromise = "") -> forms.MultipleChoiceField:
    """Optional tick boxes for the days of the week (Weekday values, Monday first)."""
    return forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        required=False,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
    )


def in_order(values: Iterable[str], choices: type[Weekday]) -> list[str]:
    """Keep a list of choice values in the order the choices are declared (Monday first)."""
    chosen = set(values)
    return [c.value for c in choices if c.value in chosen]


def join_words(items: list[str]) -> str:
    """Items in one line, with commas between them."""
    return ", ".join(items)


def days_and_times(days: list[str], start: time | None, until: time | None) -> str:
    """Days and a time range in words: "Monday, Tuesday, from 9am to 5pm"; no days is "Any day"."""
    labels = dict(Weekday.choices)
    day_text = join_words([str(labels[d]) for d in days if d in labels]) or _t("Any day")
    if start and until:
        return _t("%(days)s, from %(from)s to %(until)s") % {
            "days": day_text,
            "from": format_time(start),
            "until": format_time(until),
        }
    if start:
        return _t("%(days)s, after %(from)s") % {"days": day_text, "from": format_time(start)}
    if until:
        return _t("%(days)s, before %(until)s") % {"days": day_text, "until": format_time(until)}
    return _t("%(days)s, at any time") % {"days": day_text}


def check_times(form: forms.Form, start_field: str, until_field: str) -> None:
    """Add an error to ``until_field`` when the range starts and ends at the same time."""
    start = form.cleaned_data.get(start_field)
    until = form.cleaned_data.get(until_field)
    if start and until and start == until:
        form.add_error(until_field, _("The end time must be different from the start time"))
