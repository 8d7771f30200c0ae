"""Text limits said in plain words, and one-time keys (lib/forms.py)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from roundtable.lib.forms import (
    TEXT_INPUT_MAX_DEFAULT,
    TEXTAREA_MAX_DEFAULT,
    PlainMaxLengthValidator,
    apply_errors,
    limit_hint,
    new_once_key,
    once_digest,
    once_key_from,
    plain_length_limits,
    text_limit,
)


@pytest.mark.parametrize(
    ("limit", "length", "message"),
    [
        (2000, 2023, "This is 23 characters too long. Please cut it to 2,000 or fewer."),
        (80, 81, "This is 1 character too long. Please cut it to 80 or fewer."),
        (10000, 12345, "This is 2,345 characters too long. Please cut it to 10,000 or fewer."),
    ],
)
def test_the_message_says_how_much_to_cut(limit, length, message):
    with pytest.raises(ValidationError) as caught:
        PlainMaxLengthValidator(limit)("x" * length)
    assert caught.value.messages == [message]
    assert caught.value.code == "too_long"


@given(limit=st.integers(min_value=1, max_value=5000), length=st.integers(min_value=0, max_value=6000))
def test_only_text_over_the_limit_is_refused_and_the_count_is_exact(limit, length):
    validator = PlainMaxLengthValidator(limit)
    if length <= limit:
        validator("y" * length)
        return
    with pytest.raises(ValidationError) as caught:
        validator("y" * length)
    over = f"{length - limit:,}"
    assert f"This is {over} character" in caught.value.messages[0]


class Sample(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"max_length": "An old message"})
    story = forms.CharField(widget=forms.Textarea)
    email = forms.EmailField()
    secret = forms.CharField(widget=forms.PasswordInput, max_length=100)
    token = forms.CharField(widget=forms.HiddenInput, max_length=10)


def test_a_field_gets_the_plain_message_even_over_an_old_custom_one():
    form = Sample({"name": "n" * 205, "story": "s", "email": "a@example.com", "secret": "p", "token": "t"})
    plain_length_limits(form.fields["name"])
    plain_length_limits(form.fields["name"])  # twice is the same as once
    assert not form.is_valid()
    assert form.errors["name"] == ["This is 5 characters too long. Please cut it to 200 or fewer."]
    assert "maxlength" not in form.fields["name"].widget.attrs
    assert "maxlength" in Sample.base_fields["name"].widget.attrs  # the class's own field is untouched


def test_a_text_field_with_no_limit_gets_one():
    form = Sample()
    plain_length_limits(form.fields["story"])
    assert text_limit(form.fields["story"]) == TEXTAREA_MAX_DEFAULT
    box = forms.CharField()
    plain_length_limits(box)
    assert text_limit(box) == TEXT_INPUT_MAX_DEFAULT
    with pytest.raises(ValidationError):
        box.clean("b" * (TEXT_INPUT_MAX_DEFAULT + 1))


def test_only_typed_text_has_a_limit_to_state():
    form = Sample()
    assert text_limit(form.fields["name"]) == 200
    assert text_limit(form.fields["email"]) is None
    assert text_limit(form.fields["secret"]) is None
    assert text_limit(form.fields["token"]) is None
    assert limit_hint(2000) == "You can write up to 2,000 characters."


def test_one_time_keys():
    key = new_once_key()
    assert len(key) == 32 and key != new_once_key()
    assert once_key_from({"once_key": key}) == key
    for bad in ("", "short", "x" * 65, "with spaces in the key", "<script>alert(1)</script>"):
        assert once_key_from({"once_key": bad}) == ""
    assert once_key_from({}) == ""
    assert once_digest("/a/", key) != once_digest("/b/", key)
    assert len(once_digest("/a/", key)) == 64


class _TwoFields(forms.Form):
    name = forms.CharField()
    date = forms.DateField()


def test_a_service_error_lands_at_its_field_or_at_the_top():
    form = _TwoFields(data={"name": "Amira", "date": "2026-11-30"})
    assert form.is_valid()
    error = ValidationError({"name": "Too short", "starts_at": "In the past", "colour": "Not a field"})
    apply_errors(form, error, field_for={"starts_at": "date"})
    assert form.errors["name"] == ["Too short"]
    assert form.errors["date"] == ["In the past"]
    assert form.non_field_errors() == ["Not a field"]
    assert "name" not in form.cleaned_data


def test_a_service_error_without_fields_goes_to_the_top_keeping_its_code():
    form = _TwoFields(data={"name": "Amira", "date": "2026-11-30"})
    assert form.is_valid()
    apply_errors(form, ValidationError(["One", ValidationError("Two", code="late")]))
    assert form.non_field_errors() == ["One", "Two"]
    assert form.has_error("__all__", code="late")
