from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.updates.models import UpdateCadence


class UpdateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=150, error_messages={"required": _("Please give the update a title.")}
    )
    body = forms.CharField(
        label=_("What has happened since the last update?"),
        help_text=_("Use short sentences and everyday words. Say what happens next and when."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Please write what has happened.")},
    )
    easy_read_url = forms.URLField(
        label=_("Link to an Easy Read version (optional)"),
        required=False,
        assume_scheme="https",
        max_length=500,
        error_messages={"invalid": _("Enter a web address that starts with https://")},
    )


class OutcomeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=150, error_messages={"required": _("Please give the outcome a title.")}
    )
    found = forms.CharField(
        label=_("What did the project find or change?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please say what the project found or changed.")},
    )
    input_effect = forms.CharField(
        label=_("What did partners' ideas and time do?"),
        help_text=_("Be specific: which ideas were used, and what changed because of them."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please say what partners' input did.")},
    )
    easy_read_url = forms.URLField(
        label=_("Link to an Easy Read version (optional)"),
        required=False,
        assume_scheme="https",
        max_length=500,
        error_messages={"invalid": _("Enter a web address that starts with https://")},
    )
    milestone = forms.TypedChoiceField(
        label=_("Which milestone is this for? (optional)"), required=False, coerce=int, empty_value=None
    )
    final = forms.BooleanField(
        label=_("This is the outcome we promised in the role offer"), required=False, initial=True
    )

    def __init__(self, *args, milestones=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["milestone"]).choices = [("", _("No milestone"))] + [
            (m.pk, str(m)) for m in milestones
        ]


class CadenceForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("How often will you send a progress update?"),
        choices=UpdateCadence.Every.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
