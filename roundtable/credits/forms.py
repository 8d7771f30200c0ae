from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import Naming
from roundtable.credits.models import Contribution, ContributionType, Degree, OutputKind


class ContributionForm(forms.Form):
    type = forms.ModelChoiceField(
        label=_("What kind of help was it?"),
        queryset=ContributionType.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose what kind of help it was."),
            "invalid_choice": _("Choose what kind of help it was."),
        },
    )
    degree = forms.ChoiceField(
        label=_("How big was your part?"),
        choices=Degree.choices,
        widget=forms.RadioSelect,
        initial=Degree.SUPPORTING,
        error_messages={"required": _("Choose how big your part was.")},
    )
    date = forms.DateField(
        label=_("When was it?"),
        help_text=_("For example, 27/3/2026"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"required": _("Write the date."), "invalid": _("Write the date like 27/3/2026.")},
    )
    hours = forms.DecimalField(
        label=_("How many hours? (you can leave this out)"),
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=2,
        error_messages={
            "invalid": _("Write the hours as a number, like 1.5."),
            "min_value": _("Hours must be between 0 and 24."),
            "max_value": _("Hours must be between 0 and 24."),
            "max_decimal_places": _("Write the hours as a number, like 1.5."),
        },
    )
    description = forms.CharField(
        label=_("What did you do?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say in a few words what you did."),
            "max_length": _("Keep it to 500 letters or fewer."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # This form's own copy of the field gets its own labels (Django calls label_from_instance per choice).
        setattr(self.fields["type"], "label_from_instance", lambda t: f"{t.name}: {t.description}")  # noqa: B010


class CheckForm(forms.Form):
    degree = forms.ChoiceField(label=_("How big was their part?"), choices=Degree.choices, widget=forms.RadioSelect)


class OrcidForm(forms.Form):
    orcid = forms.CharField(
        label=_("Your ORCID iD (you can leave this out)"),
        required=False,
        max_length=60,
        help_text=_("Researchers use it to show their work. It looks like 0000-0002-1825-0097."),
    )


class OutputForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=OutputKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what it is.")},
    )
    title = forms.CharField(
        label=_("Name"),
        max_length=300,
        error_messages={"required": _("Write its name."), "max_length": _("Keep the name to 300 letters or fewer.")},
    )
    contributions: forms.ModelMultipleChoiceField[Contribution] = forms.ModelMultipleChoiceField(
        label=_("Which help did it use?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one contribution."),
            "invalid_choice": _("Choose only contributions from this list."),
        },
    )

    def __init__(self, *args, contributions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["contributions"])
        field.queryset = Contribution.objects.filter(pk__in=[c.pk for c in contributions])
        labels = {c.pk: f"{c.person.full_name}: {c.type.name}, {c.date:%-d %b %Y}" for c in contributions}
        setattr(field, "label_from_instance", lambda c: labels.get(c.pk, str(c)))  # noqa: B010 - as above


class NamingForm(forms.Form):
    naming = forms.ChoiceField(
        label=_("How should we name you?"),
        choices=Naming.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you want to be named.")},
    )
    pseudonym = forms.CharField(
        label=_("Your made-up name (only if you chose one)"),
        required=False,
        max_length=80,
        error_messages={"max_length": _("Keep it to 80 letters or fewer.")},
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        if data.get("naming") == Naming.PSEUDONYM and not (data.get("pseudonym") or "").strip():
            self.add_error("pseudonym", _("Write the made-up name you want us to use."))
        return data


class PublishForm(forms.Form):
    link = forms.URLField(
        label=_("Web link to it"),
        max_length=200,
        assume_scheme="https",
        error_messages={
            "required": _("Write the web link."),
            "invalid": _("Write the whole web link, starting with https://"),
        },
    )
