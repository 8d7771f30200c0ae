from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.glossary.models import MEANING_MAX, TERM_MAX

TERM_ERRORS = {
    "required": _("Enter the word or phrase"),
    "max_length": _("Use %(limit_value)d letters or fewer"),
}


class AskForm(forms.Form):
    term = forms.CharField(
        label=_("Which word or phrase?"),
        max_length=TERM_MAX,
        error_messages=TERM_ERRORS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off", "spellcheck": "false"}),
    )
    where_seen = forms.CharField(
        label=_("Where did you see it? (optional)"),
        help_text=_("For example: in the role offer, or in the papers for the May meeting."),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Use %(limit_value)d letters or fewer")},
    )


class EntryForm(forms.Form):
    term = forms.CharField(
        label=_("Word or phrase"),
        max_length=TERM_MAX,
        error_messages=TERM_ERRORS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
    )
    meaning = forms.CharField(
        label=_("What it means, in plain words"),
        help_text=_("Write it the way you would say it to a friend. One or two short sentences."),
        max_length=MEANING_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what it means in plain words"),
            "max_length": _("Use %(limit_value)d letters or fewer"),
        },
    )


class AnswerForm(EntryForm):
    """An organiser's answer to "what does this mean?". The word can be tidied (a typo, a capital)."""


class OrganisationTermForm(forms.Form):
    term = forms.CharField(
        label=_("A word or phrase your team uses"),
        max_length=TERM_MAX,
        error_messages=TERM_ERRORS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
    )
    plain = forms.CharField(
        label=_("What to say instead"),
        max_length=300,
        error_messages={
            "required": _("Say what to write instead"),
            "max_length": _("Use %(limit_value)d letters or fewer"),
        },
    )


class WritingPolicyForm(forms.Form):
    require_confirmation = forms.BooleanField(
        label=_("Writers must tick a box to say they have read the advice before they save"),
        required=False,
        help_text=_("The advice is always shown. This makes sure people stop and read it."),
    )
