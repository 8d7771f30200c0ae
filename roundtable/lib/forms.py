"""Small helpers about Django forms that any app may use (no models, no templates)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from roundtable.lib.dates import ClockError, on_the_clock, parse_clock_time


def error_target(field: BoundField) -> str:
    """The id an error summary link points at: the field, or the first radio or checkbox."""
    if isinstance(field.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        subwidgets = field.subwidgets
        if subwidgets and subwidgets[0].id_for_label:
            return subwidgets[0].id_for_label
    return field.id_for_label or field.auto_id


class ClockTimeField(forms.Field):
    """A time typed as text on the London clock: "8pm", "8 PM", "20:00", "20.00", "2000", or "1:30am GMT".

    Cleans to a ``datetime.time``; one that names BST or GMT carries that fixed offset as its tzinfo
    (see roundtable/lib/dates.py). Join it to a date with ``join_on_the_clock``.
    """

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter a real time, like 8pm or 20:00")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        parsed = parse_clock_time(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def join_on_the_clock(form: forms.Form, field: str, day: dt.date, time: dt.time) -> dt.datetime | None:
    """The instant ``time`` on ``day`` on the London clock, or None with the reason added to ``field``.

    A time the clocks skip, or one they show twice without saying which ("1:30am BST" or "1:30am GMT"),
    is refused with a plain message at the field (roundtable.lib.dates.on_the_clock); what was typed stays.
    """
    try:
        return on_the_clock(day, time)
    except ClockError as error:
        form.add_error(field, str(error))
        return None
