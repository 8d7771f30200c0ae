"""Forms of the project conversation. Each text field states its limit (the services check it too)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.conversation.models import BODY_LIMIT, NOTE_LIMIT, REASON_LIMIT, TITLE_LIMIT, ConversationSettings


def _content_note() -> forms.CharField:
    return forms.CharField(
        label=_("Content note (optional)"),
        help_text=_(
            "If it may be hard to read, say why in a few words, like: talks about a hospital stay. "
            "People see this first and can choose to skip it."
        ),  # fmt: skip
        max_length=NOTE_LIMIT,
        required=False,
    )


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        help_text=_("A few words, so people know what it is about."),
        max_length=TITLE_LIMIT,
        error_messages={"required": _("Write a title for your topic.")},
    )
    body = forms.CharField(
        label=_("What do you want to talk about?"),
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write what you want to talk about.")},
    )
    content_note = _content_note()


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your reply.")},
    )
    content_note = _content_note()


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you hiding this reply?"),
        help_text=_("We send this to the person who wrote it. Everyone in the project sees it too."),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you are hiding this reply.")},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What worries you about this reply?"),
        help_text=_("Only the organisers see your report. We do not tell the person who wrote it that you asked."),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what worries you about this reply.")},
    )
    rule = forms.TypedChoiceField(
        label=_("Does it break one of our ground rules? (optional)"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        rule = self.fields["rule"]
        assert isinstance(rule, forms.TypedChoiceField)  # noqa: S101 - declared above
        rule.choices = [(r.pk, r.text) for r in rules] + [("", _("None of them, or I am not sure"))]
        if not rules:
            del self.fields["rule"]


class SettingsForm(forms.Form):
    who_may_start = forms.ChoiceField(
        label=_("Who may start a topic?"),
        choices=ConversationSettings.Starters.choices,
        widget=forms.RadioSelect,
    )
    contact = forms.TypedChoiceField(label=_("Who answers questions here?"), coerce=int, empty_value=None,
                                     required=False)  # fmt: skip
    answer_within_days = forms.IntegerField(
        label=_("We answer within this many working days"),
        min_value=1,
        max_value=30,
        error_messages={
            "required": _("Enter a number of working days from 1 to 30."),
            "invalid": _("Enter a number of working days from 1 to 30."),
            "min_value": _("Enter a number of working days from 1 to 30."),
            "max_value": _("Enter a number of working days from 1 to 30."),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )

    def __init__(self, *args, organisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        contact = self.fields["contact"]
        assert isinstance(contact, forms.TypedChoiceField)  # noqa: S101 - declared above
        contact.choices = [("", _("Nobody named yet"))] + [(o.pk, o.full_name) for o in organisers]
