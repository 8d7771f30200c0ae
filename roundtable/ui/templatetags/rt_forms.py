"""GOV.UK Frontend markup for every Django form field in the project.

Two parts work together:

* ``FormRenderer`` (``roundtable.ui.forms``, set as ``FORM_RENDERER``) gives every form ``GovukBoundField``,
  which puts GOV.UK classes on each widget (``govuk-input``, ``govuk-radios__input``
  and so on, plus the ``--error`` class when the field has an error). Classes a
  form sets on ``widget.attrs["class"]``, such as ``govuk-input--width-10``, are
  kept. Container modifiers such as ``govuk-radios--inline`` or
  ``govuk-checkboxes--small`` go on the radios or checkboxes block, not on each input.
* ``ui/templates/django/forms/field.html`` lays out label, hint, error message and
  widget, so ``{{ form.field.as_field_group }}`` and ``{{ form }}`` give GOV.UK markup.
  An optional field's label gets " (optional)" after it, once: not when the label
  already says "(optional)" in any case (``GovukBoundField.govuk_optional``).

Template tags (``{% load rt_forms %}``):

* ``{% rt_field form.field %}``: the same as ``{{ form.field.as_field_group }}``.
* ``{% rt_field form.field heading=True %}``: the label (or legend) is the page's
  ``h1``, for one-question-per-page forms.
* ``{% rt_error_summary form %}``: GOV.UK's error summary, linking each error to
  its field (radios and checkboxes link to their first option).
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from roundtable.lib.forms import ONCE_FIELD, error_target, new_once_key
from roundtable.ui.forms import FormRenderer, GovukBoundField

__all__ = ["FormRenderer", "GovukBoundField", "once_key", "rt_error_summary", "rt_field"]

register = template.Library()


@register.simple_tag
def rt_field(field: BoundField, heading: bool = False) -> SafeString:
    """Render one field as a GOV.UK form group; ``heading=True`` makes its label the page's h1."""
    context = field.get_context()
    context["heading"] = bool(heading)
    return field.render(context=context)


@register.simple_tag
def once_key() -> SafeString:
    """A hidden one-time key for a form that creates something (see ``roundtable.audit.once``).

    A fresh key on every page shown, so a form shown again after an error gets a new one too.
    """
    return format_html('<input type="hidden" name="{}" value="{}">', ONCE_FIELD, new_once_key())


@register.inclusion_tag("includes/error_summary.html")
def rt_error_summary(form: forms.BaseForm | None) -> dict[str, Any]:
    """GOV.UK's error summary for a form: one line per error, field errors linked to the field."""
    errors: list[dict[str, Any]] = []  # text: a message (str or lazy text), href: "#<field id>" or ""
    if form is not None and form.is_bound and form.errors:
        for message in form.non_field_errors():
            errors.append({"text": message, "href": ""})
        for field in form:
            target = "" if field.is_hidden else error_target(field)
            for message in field.errors:
                errors.append({"text": message, "href": f"#{target}" if target else ""})
    return {"errors": errors}
