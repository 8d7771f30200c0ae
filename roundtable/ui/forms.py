"""GOV.UK Frontend markup for every Django form field in the project: ``FormRenderer`` (``FORM_RENDERER``).

``FormRenderer`` gives every form ``GovukBoundField``, which puts GOV.UK classes on each widget
(``govuk-input``, ``govuk-radios__input`` and so on, plus the ``--error`` class when the field has an
error). ``ui/templates/django/forms/field.html`` lays out label, hint, error message and widget. The
template tags that go with it are in ``ui/templatetags/rt_forms.py``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext

from roundtable.lib.forms import error_target, limit_hint, plain_length_limits, text_limit

# Class modifiers that belong on the radios/checkboxes block, not on each input.
_CONTAINER_PREFIXES = ("govuk-radios--", "govuk-checkboxes--")


def govuk_kind(widget: forms.Widget) -> str:
    """The GOV.UK component a widget is drawn as."""
    if widget.is_hidden:
        return "hidden"
    # CheckboxSelectMultiple is a kind of RadioSelect, so it comes first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):  # also SelectMultiple and NullBooleanSelect
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


_WIDGET_CLASS = {
    "radios": ("govuk-radios__input", ""),
    "checkboxes": ("govuk-checkboxes__input", ""),
    "checkbox": ("govuk-checkboxes__input", ""),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "input": ("govuk-input", "govuk-input--error"),
}


def label_says_optional(label: Any) -> bool:
    """True if a label already ends in or contains "(optional)", in any case or in the current language."""
    text = str(label or "").casefold()
    return any(mark.casefold() in text for mark in ("(optional)", gettext("(optional)")))


def _split_classes(value: Any) -> list[str]:
    return str(value or "").split()


class GovukBoundField(BoundField):
    """A BoundField whose widget carries GOV.UK Frontend's classes.

    A text field with a limit says so beside it (GOV.UK's character count on text areas), has no
    ``maxlength`` attribute (a browser would cut pasted text without a word), and when too long says
    how much to cut (``lib.forms.PlainMaxLengthValidator``, swapped in here so every form gets it:
    a form's fields are bound before they are cleaned).
    """

    def __init__(self, form, field, name) -> None:
        super().__init__(form, field, name)
        plain_length_limits(field)

    @property
    def govuk_limit(self) -> int | None:
        """The most characters this text field takes, or None."""
        return text_limit(self.field)

    @property
    def govuk_limit_hint(self) -> str:
        """ "You can write up to 2,000 characters." for a text field with a limit, else ""."""
        limit = self.govuk_limit
        return limit_hint(limit) if limit else ""

    @property
    def govuk_kind(self) -> str:
        return govuk_kind(self.field.widget)

    @property
    def govuk_container_classes(self) -> str:
        """Modifiers such as ``govuk-radios--inline`` taken from ``widget.attrs["class"]``."""
        return " ".join(
            c for c in _split_classes(self.field.widget.attrs.get("class")) if c.startswith(_CONTAINER_PREFIXES)
        )

    @property
    def govuk_optional(self) -> bool:
        """Whether the label needs " (optional)" after it: not required, and not already saying so.

        A field that is needed only sometimes (a receipt over a limit, an amount unless you give
        miles) sets ``field.mark_optional = False``: its hint says when it is needed instead.
        """
        if self.field.required or getattr(self.field, "mark_optional", True) is False:
            return False
        return not label_says_optional(self.label)

    @property
    def govuk_error_target(self) -> str:
        """The id an error summary link should point at."""
        return error_target(self)

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        kind = govuk_kind(widget)
        if kind == "hidden":
            return attrs
        limit = text_limit(self.field)
        if limit:
            described_by = str(attrs.get("aria-describedby", ""))
            attrs["aria-describedby"] = " ".join([*described_by.split(), f"{self.auto_id}-info"])
        base, error = _WIDGET_CLASS[kind]
        classes = [base]
        if self.errors and error:
            classes.append(error)
        if limit and kind == "textarea":
            classes.append("govuk-js-character-count")
        # attrs passed in replace widget.attrs, so keep the widget's own classes.
        for extra in (*_split_classes(widget.attrs.get("class")), *_split_classes(attrs.get("class"))):
            if extra not in classes and not extra.startswith(_CONTAINER_PREFIXES):
                classes.append(extra)
        attrs["class"] = " ".join(classes)
        return attrs


class FormRenderer(TemplatesSetting):
    """Django's TemplatesSetting renderer, with GOV.UK bound fields for every form."""

    bound_field_class = GovukBoundField
