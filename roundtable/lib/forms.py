"""Small helpers about Django forms that any app may use (no models, no templates).

A service's errors shown on a form, the target of error links, text limits said in plain words, and
one-time keys for forms that create.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping
from typing import Any, TypeGuard

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.boundfield import BoundField
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from roundtable.lib.dates import ClockError, on_the_clock, parse_clock_time


def apply_errors(form: forms.BaseForm, error: ValidationError, *, field_for: Mapping[str, str] | None = None) -> None:
    """Show a service's ``ValidationError`` on ``form``: each message at its field, or at the top of the form.

    A message keyed by a name the form has no field for (or not keyed at all) goes to the top.
    ``field_for`` maps a model's field name to the form field that stands for it (``starts_at`` -> ``date``).
    Codes and parameters are kept. Returns None; raises nothing of its own.
    """
    if not hasattr(error, "error_dict"):
        for item in error.error_list:
            form.add_error(None, item)
        return
    for name, items in error.error_dict.items():
        target = (field_for or {}).get(name, name)
        for item in items:
            form.add_error(target if target in form.fields else None, item)


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


# --- Text limits in plain words ------------------------------------------------------------------
#
# Django's own message for a long text ("Ensure this value has at most 2000 characters (it has 2023).")
# says neither how much to cut nor in plain words. Every text field in the project gets
# ``PlainMaxLengthValidator`` instead (``ui.forms.GovukBoundField`` swaps it in), and
# the page states the limit beside the field before anyone types.

TOO_LONG = "too_long"  # the error code; not "max_length", so an old custom message cannot hide how much to cut


def format_count(number: int) -> str:
    """A whole number as people read it in the current language: 2000 -> "2,000"."""
    return number_format(number, force_grouping=True)


@deconstructible
class PlainMaxLengthValidator(MaxLengthValidator):
    """Like Django's MaxLengthValidator (limit in characters), but the message says how much to cut.

    Raises ``ValidationError`` with code ``"too_long"`` and a message such as "This is 23 characters too
    long. Please cut it to 2,000 or fewer." (numbers grouped for the current language).
    """

    code = TOO_LONG

    def __call__(self, value: Any) -> None:
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        over = len(value) - limit
        if over > 0:
            message = ngettext(
                "This is %(over)s character too long. Please cut it to %(limit)s or fewer.",
                "This is %(over)s characters too long. Please cut it to %(limit)s or fewer.",
                over,
            ) % {"over": format_count(over), "limit": format_count(limit)}
            raise ValidationError(message, code=self.code, params={"limit_value": limit, "show_value": len(value)})


# A text field with no limit of its own gets one, so the page can say it and nobody pastes a book.
TEXTAREA_MAX_DEFAULT = 10_000  # characters; the longest text a page here asks for (a role offer part) is far less
TEXT_INPUT_MAX_DEFAULT = 500  # characters


def is_typed_text(field: forms.Field) -> TypeGuard[forms.CharField]:
    """True for a ``CharField`` drawn as a text box or text area: not hidden fields, passwords, email
    addresses, web addresses, choices or numbers."""
    widget = field.widget
    if not isinstance(field, forms.CharField) or widget.is_hidden or isinstance(widget, forms.PasswordInput):
        return False
    return isinstance(widget, (forms.TextInput, forms.Textarea))


def text_limit(field: forms.Field) -> int | None:
    """The most characters a typed text field takes (see ``is_typed_text``), or None for other fields."""
    if not is_typed_text(field) or not field.max_length:
        return None
    return int(field.max_length)


def plain_length_limits(field: forms.Field) -> None:
    """Give a typed text field a limit said in plain words. Safe to call twice.

    Django's length validator becomes ``PlainMaxLengthValidator``; a field with no limit gets
    ``TEXTAREA_MAX_DEFAULT`` or ``TEXT_INPUT_MAX_DEFAULT``. The widget's ``maxlength`` attribute goes:
    with it a browser cuts pasted text without a word, so the person never learns what was lost.
    Every form instance has its own copy of its fields and widgets, so this changes one form only.
    """
    if not is_typed_text(field):
        return
    if not field.max_length:
        default = TEXTAREA_MAX_DEFAULT if isinstance(field.widget, forms.Textarea) else TEXT_INPUT_MAX_DEFAULT
        field.max_length = default
        field.validators.append(MaxLengthValidator(default))
    limit = int(field.max_length)
    field.widget.attrs.pop("maxlength", None)
    field.validators = [
        PlainMaxLengthValidator(limit) if type(v) is MaxLengthValidator else v  # noqa: E721 - exactly Django's
        for v in field.validators
    ]


def limit_hint(limit: int) -> str:
    """What the page says beside a text field with a limit: "You can write up to 2,000 characters."."""
    return gettext("You can write up to %(limit)s characters.") % {"limit": format_count(limit)}


# --- One click, one effect -------------------------------------------------------------------------
#
# Every form that creates something carries a one-time key in a hidden field (``{% once_key %}`` in
# the template, from ``ui.templatetags.rt_forms``). ``audit.once.once_per_key`` on the view records
# the key with the page the first send led to; the same key sent again leads there too and does
# nothing else. These helpers are the pure part: making, reading and hashing keys.

ONCE_FIELD = "once_key"
_ONCE_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_once_key() -> str:
    """A fresh one-time key: 32 URL-safe characters (192 random bits)."""
    return secrets.token_urlsafe(24)


def once_key_from(data: Mapping[str, Any]) -> str:
    """The one-time key in posted ``data``, or "" if there is none or it is not one we could have made."""
    value = data.get(ONCE_FIELD, "")
    return value if isinstance(value, str) and _ONCE_KEY.match(value) else ""


def once_digest(path: str, key: str) -> str:
    """What is stored for a key: SHA-256 (hex, 64 characters) of the form's address and the key.

    The address is part of it so one key can never stand for two different forms.
    """
    return hashlib.sha256(f"{path}\n{key}".encode()).hexdigest()
