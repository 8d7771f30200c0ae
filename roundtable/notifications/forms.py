from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import Channel, Weekday
from roundtable.notifications.models import DigestChoice, TaskKind, TaskResult
from roundtable.notifications.services import OUTCOME_MAX_LENGTH, RESULTS_FOR_KIND
from roundtable.notifications.text import mobile_number

RESULT_LABELS = {
    TaskResult.POSTED: _("I posted it"),
    TaskResult.SPOKE: _("I spoke to them"),
    TaskResult.LEFT_MESSAGE: _("I left a voicemail, or a message with someone they trust"),
    TaskResult.NOT_REACHED: _("I could not reach them this way: try their next way"),
    TaskResult.DONE: _("I told them another way"),
}


class TaskDoneForm(forms.Form):
    result = forms.ChoiceField(
        label=_("What happened?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what happened.")},
    )
    outcome = forms.CharField(
        label=_("Notes (optional)"),
        help_text=_("For example: posted on Monday, or she asked us to call again next week."),
        required=False,
        max_length=OUTCOME_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Please write less than %(limit_value)s letters.")},
    )

    def __init__(self, *args, kind: str = TaskKind.NO_CHANNEL, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        results = RESULTS_FOR_KIND.get(kind, (TaskResult.DONE,))
        cast(forms.ChoiceField, self.fields["result"]).choices = [(r.value, RESULT_LABELS[r]) for r in results]
        self.fields["result"].initial = results[0].value
        if kind == TaskKind.CALL:
            # A call records what the person said, in their words (issue 12: "records what he said").
            self.fields["outcome"].label = _("What they said (optional)")
            self.fields["outcome"].help_text = _(
                "Write down what they told you, in their words. For example: he will come and wants the papers posted."
            )


_CHANNEL_CHOICES = [("", _("Nothing more"))] + list(Channel.choices)
_ORDINALS = (_("First, contact me by"), _("If that does not work, try"), _("Then try"))


class PreferencesForm(forms.Form):
    """Which ways to contact a person, in order, and how often."""

    first = forms.ChoiceField(
        label=_ORDINALS[0], choices=list(Channel.choices), error_messages={"required": _("Please choose a way.")}
    )
    second = forms.ChoiceField(label=_ORDINALS[1], choices=_CHANNEL_CHOICES, required=False)
    third = forms.ChoiceField(label=_ORDINALS[2], choices=_CHANNEL_CHOICES, required=False)
    digest = forms.ChoiceField(
        label=_("How often do you want messages?"),
        choices=DigestChoice.choices,
        widget=forms.RadioSelect,
        help_text=_("Urgent news, like a meeting cancelled today, always comes straight away."),
    )
    digest_day = forms.ChoiceField(label=_("Which day for a weekly round-up?"), choices=Weekday.choices, required=False)

    def __init__(self, *args, profile=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        chosen = [data.get(name) for name in ("first", "second", "third") if data.get(name)]
        if len(chosen) != len(set(chosen)):
            self.add_error("second", _("You chose the same way twice. Please choose each way once."))
        phone = self.profile.phone if self.profile else ""
        address = self.profile.postal_address if self.profile else ""
        for name in ("first", "second", "third"):
            value = data.get(name)
            if value == Channel.TEXT and not mobile_number(phone):
                self.add_error(name, _("For text messages, first add a mobile number on your profile page."))
            elif value == Channel.PHONE and not phone.strip():
                self.add_error(name, _("For phone calls, first add your phone number on your profile page."))
            elif value == Channel.LETTER and not address.strip():
                self.add_error(name, _("For letters, first add your postal address on your profile page."))
        data["channels"] = chosen
        if not data.get("digest_day"):
            data["digest_day"] = "mon"
        return data


class LetterReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Letter reference"),
        max_length=30,
        help_text=_("It is printed on the letter and the reply slip, like RT00042."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the reference from the reply slip, like RT00042")},
    )


class ProxyReplyForm(forms.Form):
    """A person's answer in their own words, typed in from a letter or a call (``replies.ProxyReplies``)."""

    channel = forms.ChoiceField(
        label=_("How did they answer?"),
        choices=[("post", _("By post (a letter or reply slip)")), ("phone", _("On the phone"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose post or phone.")},
    )
    text = forms.CharField(
        label=_("What they said"),
        help_text=_("Use their words if you can."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Type what they said."),
            "max_length": _("Keep it to %(limit_value)s letters or fewer."),
        },
    )


class ReplySlipForm(forms.Form):
    """The boxes of one reply slip, ticked as they are on the paper, and what the person wrote."""

    chosen = forms.MultipleChoiceField(
        label=_("Boxes they ticked"), required=False, widget=forms.CheckboxSelectMultiple
    )
    comments = forms.CharField(
        label=_("What they wrote"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Please write less than %(limit_value)s letters.")},
    )

    def __init__(self, *args, slip=None, person_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["chosen"]).choices = list(slip.options) if slip else []
        if slip is not None:
            self.fields["chosen"].label = slip.question
        if person_name:
            self.fields["chosen"].help_text = _("Tick the same boxes %(name)s ticked. Empty boxes count as no.") % {
                "name": person_name
            }
            self.fields["comments"].label = _("What %(name)s wrote") % {"name": person_name}
