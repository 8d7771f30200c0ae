"""The "Check my writing" hook on its own: what an editor gets with no checker registered, and with one."""

from __future__ import annotations

import pytest
from django import forms
from django.test import RequestFactory

from roundtable.lib import writing
from roundtable.lib.writing import BaseWritingCheck, NoWritingCheck, register_writing_check, writing_check_for


class NoteForm(forms.Form):
    title = forms.CharField()
    body = forms.CharField()


@pytest.fixture
def nothing_registered():
    previous = register_writing_check(None)
    yield
    register_writing_check(previous)


def post(data: dict, **headers):
    request = RequestFactory().post("/edit/", data, **headers)
    request.htmx = bool(headers.get("HTTP_HX_REQUEST"))
    return request


def test_with_nothing_registered_the_editor_still_saves(nothing_registered):
    form = NoteForm({"title": "Hello", "body": "We met."})
    check = writing_check_for(post(form.data), form, fields=["title", "body"], project=None)
    assert isinstance(check, NoWritingCheck) and not check.available
    assert not check.is_live and check.confirmed()
    assert check.should_save()


def test_with_nothing_registered_the_check_button_still_never_saves(nothing_registered):
    for mode, headers in (("check", {}), ("live", {"HTTP_HX_REQUEST": "true"})):
        data = {"title": "", "body": "", "writing_check": mode}
        form = NoteForm(data)
        check = writing_check_for(post(data, **headers), form, fields=["body"], project=None)
        assert check.is_check and not check.is_live  # no panel to send, so a live check is a check
        assert not check.should_save()
        assert not form.errors  # no "this field is required" for a form being checked


def test_a_form_with_errors_is_not_saved(nothing_registered):
    form = NoteForm({"title": "", "body": "We met."})
    check = writing_check_for(post(form.data), form, fields=["body"], project=None)
    assert not check.should_save() and "title" in form.errors


def test_a_get_is_never_a_save(nothing_registered):
    request = RequestFactory().get("/edit/")
    assert not writing_check_for(request, NoteForm(), fields=["body"], project=None).should_save()


class Strict(BaseWritingCheck):
    """A checker that never lets a save through, to see the hook call it."""

    def confirmed(self) -> bool:
        self.form.add_error(None, "Read the advice")
        return False


def test_the_registered_checker_is_used_and_can_refuse_a_save(nothing_registered):
    register_writing_check(Strict)
    form = NoteForm({"title": "Hello", "body": "We met."})
    check = writing_check_for(post(form.data), form, fields=["body"], project="the project")
    assert isinstance(check, Strict) and check.project == "the project" and check.fields == ["body"]
    assert not check.should_save() and form.non_field_errors() == ["Read the advice"]
    assert writing._factory is Strict


def test_register_returns_what_it_replaces(nothing_registered):
    assert register_writing_check(Strict) is None
    assert register_writing_check(None) is Strict
