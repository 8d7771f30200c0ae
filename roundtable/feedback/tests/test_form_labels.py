"""Every form label says "(optional)" at most once.

The form renderer (``ui/forms.py``) adds " (optional)" to an optional field's
label unless the label already says it, in any case. This test renders every form class in
``roundtable/<app>/forms.py`` for the apps at or below ``feedback`` (the highest app with forms,
so its tests may read the others: docs/architecture.md) that can be built without arguments, and
the few that need arguments, built by hand.
"""

from __future__ import annotations

import html
import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

from roundtable.meetings.forms import AgendaItemForm

ROOT = Path(__file__).resolve().parents[2]  # the roundtable/ package
THIS_APP = "feedback"
LABEL = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.S)
OPTIONAL = re.compile(r"\(optional\)", re.I)

# Forms that cannot be built without arguments; each is built by hand below.
NEEDS_ARGUMENTS = {"roundtable.meetings.forms.AttendanceForm"}


def form_modules() -> list[str]:
    apps = [name.split(".", 1)[1] for name in settings.INSTALLED_APPS if name.startswith("roundtable.")]
    below = apps[: apps.index(THIS_APP) + 1]
    return [f"roundtable.{app}.forms" for app in below if (ROOT / app / "forms.py").exists()]


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for name in form_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name and not cls.__name__.startswith("Base"):
                found.append(cls)
    return found


def label_texts(rendered: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip() for match in LABEL.finditer(rendered)]


def assert_each_label_once(rendered: str, where: str) -> None:
    for text in label_texts(rendered):
        assert len(OPTIONAL.findall(text)) <= 1, f"{where}: {text!r}"
    assert "(optional) (optional)" not in rendered.lower(), where


def test_the_project_has_forms_to_check():
    names = {f"{cls.__module__}.{cls.__name__}" for cls in form_classes()}
    assert len(names) > 40
    assert "roundtable.meetings.forms.AgendaItemForm" in names


@pytest.mark.django_db
@pytest.mark.parametrize("cls", form_classes(), ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__name__}")
def test_every_form_renders_each_label_with_optional_at_most_once(cls):
    name = f"{cls.__module__}.{cls.__name__}"
    if name in NEEDS_ARGUMENTS:
        pytest.skip("needs arguments; built by hand in another test")
    form = cls()
    assert_each_label_once(str(form), name)
    # Bound with nothing: errors on the page must not change the labels.
    bound = cls(data={})
    bound.is_valid()
    assert_each_label_once(str(bound), name)


@pytest.mark.django_db
def test_attendance_form_labels_once(past_meeting):
    from roundtable.meetings.forms import AttendanceForm

    form = AttendanceForm(meeting=past_meeting, people=[])
    assert_each_label_once(str(form), "AttendanceForm")


def test_agenda_form_says_optional_once():
    rendered = str(AgendaItemForm())
    texts = label_texts(rendered)
    assert "Who leads it (optional)" in texts
    assert "What people should prepare (optional)" in texts
    assert "(optional) (optional)" not in rendered


class Sample(forms.Form):
    name = forms.CharField(label="Your name")
    notes = forms.CharField(label="Notes", required=False)
    shouty = forms.CharField(label="Phone (OPTIONAL)", required=False)
    mixed = forms.CharField(label="Email (Optional)", required=False)
    colour = forms.ChoiceField(label="Colour", required=False, choices=[("r", "Red")], widget=forms.RadioSelect)
    size = forms.ChoiceField(
        label="Size (optional)", required=False, choices=[("s", "Small")], widget=forms.RadioSelect
    )


def test_renderer_adds_optional_only_where_missing():
    texts = label_texts(str(Sample()))
    assert "Your name" in texts
    assert "Notes (optional)" in texts
    assert "Phone (OPTIONAL)" in texts
    assert "Email (Optional)" in texts
    assert "Colour (optional)" in texts  # a legend, for radios
    assert "Size (optional)" in texts
    for text in texts:
        assert len(OPTIONAL.findall(text)) <= 1, text
