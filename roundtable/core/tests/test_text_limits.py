"""Every text field of every form in the project states its limit, keeps what was typed when it is too
long, and says in plain words how much to cut (issue 11).

The forms are found by walking every module of every app, so a new form cannot be missed. Each text
field is put in a form of its own, so forms that need a project or a person to be made are covered
too; the rendering is the project's (``FORM_RENDERER``), which every form uses.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.conf import settings

import roundtable
from roundtable.lib.forms import is_typed_text
from roundtable.ui.forms import FormRenderer, GovukBoundField


def project_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(roundtable.__path__, "roundtable."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or name.endswith(("demo", ".cli", ".wsgi")):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__ == name:
                found.append(value)
    return found


FORMS = project_forms()
TEXT_FIELDS = [
    pytest.param(form, name, id=f"{form.__module__.split('.')[1]}.{form.__name__}.{name}")
    for form in FORMS
    for name, field in form.base_fields.items()
    if is_typed_text(field)
]


def test_the_walk_finds_the_forms_it_should():
    names = {form.__name__ for form in FORMS}
    assert {"QueryForm", "NoteForm", "AnnouncementForm", "AnonymousFeedbackForm", "MeetingForm"} <= names
    assert len(TEXT_FIELDS) > 60


def test_every_form_is_drawn_by_the_project_renderer():
    assert settings.FORM_RENDERER == "roundtable.ui.forms.FormRenderer"
    assert FormRenderer.bound_field_class is GovukBoundField
    own = [f.__name__ for f in FORMS if f.default_renderer or getattr(f, "bound_field_class", None)]
    assert not own, f"These forms draw themselves another way: {own}"


@pytest.mark.parametrize(("form_class", "name"), TEXT_FIELDS)
def test_too_long_text_is_kept_and_the_message_says_how_much_to_cut(form_class, name):
    field = copy.deepcopy(form_class.base_fields[name])
    field.required = False
    one = type("One", (forms.Form,), {name: field})

    empty = one()
    limit = empty[name].govuk_limit
    assert limit, "every text field has a limit"
    shown = str(empty[name].as_field_group())
    assert f"You can write up to {limit:,} characters." in shown
    assert not re.search(r"\smaxlength=", shown)  # a browser would cut pasted text without a word

    typed = "Grace said: " + "z" * (limit + 23 - 12)
    sent = one({name: typed})
    assert not sent.is_valid()
    assert sent.errors[name] == [f"This is 23 characters too long. Please cut it to {limit:,} or fewer."]
    again = str(sent[name].as_field_group())
    assert typed in again  # nothing typed is lost
