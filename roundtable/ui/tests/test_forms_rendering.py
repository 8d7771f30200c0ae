"""GOV.UK Frontend markup for Django forms: ui/templates/django/forms/ and the rt_forms tags.

Plain forms only, so no database is needed.
"""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

from roundtable.ui.forms import FormRenderer, GovukBoundField


class NameForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="As you like to be called.")
    postcode = forms.CharField(
        label="Postcode", required=False, widget=forms.TextInput(attrs={"class": "govuk-input--width-10"})
    )


class ContactForm(forms.Form):
    how = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("phone", "Phone")],
        widget=forms.RadioSelect,
        help_text="Pick one.",
    )
    days = forms.MultipleChoiceField(
        label="Which days suit you?",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree", help_text="You can change your mind later.")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")])
    when = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if self.data.get("boom"):
            raise forms.ValidationError("Something went wrong with the whole form.")
        return cleaned


def render(source: str, **context) -> str:
    return Template("{% load rt_forms %}" + source).render(Context(context))


def element(html: str, pattern: str) -> str:
    """The first opening tag that matches pattern (a regex inside the tag)."""
    match = re.search(r"<[^>]*" + pattern + r"[^>]*>", html)
    assert match, f"no tag matching {pattern!r} in:\n{html}"
    return match.group(0)


def test_forms_use_the_govuk_renderer_and_bound_field():
    form = NameForm()
    assert isinstance(form.renderer, FormRenderer)
    assert isinstance(form["name"], GovukBoundField)


def test_text_input_without_errors():
    html = NameForm()["name"].as_field_group()
    assert 'class="govuk-form-group"' in html
    assert '<label class="govuk-label" for="id_name">Your name</label>' in html
    assert '<div id="id_name_helptext" class="govuk-hint">As you like to be called.</div>' in html
    tag = element(html, 'id="id_name"')
    assert 'class="govuk-input"' in tag
    assert 'aria-describedby="id_name_helptext id_name-info"' in tag  # the hint, then the limit
    assert '<div id="id_name-info" class="govuk-hint">You can write up to 500 characters.</div>' in html
    assert "govuk-input--error" not in html
    assert "govuk-error-message" not in html


def test_text_input_with_error():
    form = NameForm(data={"name": ""})
    assert not form.is_valid()
    html = form["name"].as_field_group()
    assert "govuk-form-group--error" in html
    tag = element(html, 'id="id_name"')
    assert "govuk-input govuk-input--error" in tag
    assert 'aria-invalid="true"' in tag
    describedby = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    assert describedby == ["id_name_helptext", "id_name_error", "id_name-info"]
    assert (
        '<p id="id_name_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>'
    ) in html


def test_width_class_is_kept_and_optional_fields_say_so():
    html = NameForm()["postcode"].as_field_group()
    assert 'class="govuk-input govuk-input--width-10"' in element(html, 'id="id_postcode"')
    assert "Postcode (optional)</label>" in html


def test_radios_are_in_a_fieldset_with_a_legend():
    form = ContactForm(data={"how": ""})
    form.is_valid()
    html = form["how"].as_field_group()
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_how_helptext id_how_error">' in html
    assert '<legend class="govuk-fieldset__legend">How should we contact you?</legend>' in html
    assert '<div class="govuk-radios" data-module="govuk-radios">' in html
    first = element(html, 'id="id_how_0"')
    assert 'class="govuk-radios__input"' in first and 'type="radio"' in first
    assert '<label class="govuk-label govuk-radios__label" for="id_how_1">Phone</label>' in html
    assert 'id="id_how_error" class="govuk-error-message"' in html
    # The legend comes before the options, and the fieldset wraps them all.
    assert html.index("<legend") < html.index("govuk-radios__item") < html.index("</fieldset>")


def test_checkboxes_are_in_a_fieldset():
    html = ContactForm(initial={"days": ["tue"]})["days"].as_field_group()
    assert '<fieldset class="govuk-fieldset">' in html
    assert '<legend class="govuk-fieldset__legend">Which days suit you?</legend>' in html
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert "checked" in element(html, 'id="id_days_1"')
    assert "checked" not in element(html, 'id="id_days_0"')


def test_single_checkbox_is_a_one_item_checkboxes_block():
    html = ContactForm()["agree"].as_field_group()
    assert "<fieldset" not in html
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    tag = element(html, 'id="id_agree"')
    assert 'class="govuk-checkboxes__input"' in tag and 'type="checkbox"' in tag
    assert '<label class="govuk-label govuk-checkboxes__label" for="id_agree">I agree</label>' in html
    assert 'class="govuk-hint govuk-checkboxes__hint"' in html


def test_textarea_select_and_date():
    form = ContactForm(data={"size": "x", "when": "nope"})
    form.is_valid()
    # A text area is GOV.UK's character count: the limit is said under it and counted as you type.
    assert 'class="govuk-textarea govuk-js-character-count"' in form["notes"].as_field_group()
    select = element(form["size"].as_field_group(), 'id="id_size"')
    assert "govuk-select govuk-select--error" in select
    date = element(form["when"].as_field_group(), 'id="id_when"')
    assert 'type="date"' in date and "govuk-input--error" in date


def test_hidden_field_is_just_the_input():
    html = ContactForm()["token"].as_field_group()
    assert "govuk-form-group" not in html
    assert 'type="hidden"' in html


def test_rt_field_is_the_same_as_as_field_group():
    form = NameForm()
    assert parse_html(render("{% rt_field form.name %}", form=form)) == parse_html(form["name"].as_field_group())


def test_heading_true_makes_the_label_an_h1():
    html = render("{% rt_field form.name heading=True %}", form=NameForm())
    assert (
        '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="id_name">Your name</label></h1>'
    ) in html


def test_heading_true_makes_the_legend_an_h1():
    html = render("{% rt_field form.how heading=True %}", form=ContactForm())
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">' in html
    assert '<h1 class="govuk-fieldset__heading">How should we contact you?</h1>' in html


def test_error_summary_links_to_each_field():
    form = ContactForm(data={"name": "", "boom": "1"})
    form.is_valid()
    html = render("{% rt_error_summary form %}", form=form)
    assert 'class="govuk-error-summary" data-module="govuk-error-summary"' in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    # Radios and checkboxes link to their first option; other fields to themselves.
    assert '<a href="#id_how_0">This field is required.</a>' in html
    assert '<a href="#id_days_0">This field is required.</a>' in html
    assert '<a href="#id_agree">This field is required.</a>' in html
    assert '<a href="#id_when">This field is required.</a>' in html
    # Errors for the whole form are listed without a link, first.
    assert "<li>Something went wrong with the whole form.</li>" in html
    assert html.index("whole form") < html.index("#id_how_0")


def test_error_summary_links_to_text_input():
    form = NameForm(data={})
    form.is_valid()
    html = render("{% rt_error_summary form %}", form=form)
    assert '<a href="#id_name">This field is required.</a>' in html


@pytest.mark.parametrize("form", [NameForm(), NameForm(data={"name": "Ann"}), None])
def test_error_summary_is_empty_without_errors(form):
    assert render("{% rt_error_summary form %}", form=form).strip() == ""


def test_whole_form_renders_in_govuk_markup():
    form = ContactForm(data={"boom": "1"})
    form.is_valid()
    html = str(form)
    assert html.count('<div class="govuk-form-group') == 7
    assert "Something went wrong with the whole form." in html
    assert 'type="hidden"' in html
