from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.api.models import Event, Scope
from roundtable.projects.models import StaffRole


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Say which system will use it, like 'Finance system'.")
    )
    role = forms.ChoiceField(
        label=_("It sees what this role sees"), choices=StaffRole.choices, widget=forms.RadioSelect
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(
        label=_("Days until it stops working"), min_value=1, max_value=366, initial=90,
        help_text=_("From 1 to 366 days."),
    )  # fmt: skip


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("Address"),
        max_length=500,
        help_text=_("It must start with https://. It must be on the open internet, not inside your own network."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
