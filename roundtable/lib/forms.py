"""Small helpers about Django forms that any app may use (no models, no templates)."""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField


def error_target(field: BoundField) -> str:
    """The id an error summary link points at: the field, or the first radio or checkbox."""
    if isinstance(field.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        subwidgets = field.subwidgets
        if subwidgets and subwidgets[0].id_for_label:
            return subwidgets[0].id_for_label
    return field.id_for_label or field.auto_id
