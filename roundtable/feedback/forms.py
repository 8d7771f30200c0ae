"""Forms for listening. Each keeps what was typed when something is wrong, and says what to fix."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.feedback.models import (
    FELT_QUESTIONS,
    NOTE_MAX,
    TEXT_MAX,
    Anonymity,
    Barrier,
    BarrierCategory,
    Response,
)

TEXTAREA = {"rows": 4}


class BarrierForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What kind of barrier is it?"),
        choices=BarrierCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of barrier it is.")},
    )
    description = forms.CharField(
        label=_("What gets in the way?"),
        help_text=_("For example: the meetings are at school pick-up time."),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Tell us what gets in the way.")},
    )
    shared = forms.BooleanField(
        label=_("Let everyone in the project see it"),
        help_text=_("If you leave this, only the organisers and you can see it."),
        required=False,
    )


class BarrierAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What happens next?"),
        choices=[
            (Barrier.Status.RESPONDED, _("Send an answer (the barrier stays open)")),
            (Barrier.Status.RESOLVED, _("It is sorted")),
            (Barrier.Status.NOT_POSSIBLE, _("It is not possible")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens next.")},
    )
    response = forms.CharField(
        label=_("Your answer"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    reason = forms.CharField(
        label=_("If it is not possible, say why"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        if data.get("status") == Barrier.Status.RESPONDED and not data.get("response", "").strip():
            self.add_error("response", _("Write your answer."))
        if data.get("status") == Barrier.Status.NOT_POSSIBLE and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why it is not possible."))
        return data


class BarrierAssignForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("Who answers it"), coerce=int, choices=())
    due_on = forms.DateField(
        label=_("Answer by"),
        help_text=_("For example, 27 3 2026 or 2026-03-27"),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
        error_messages={"invalid": _("Enter a real date, like 27 3 2026.")},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [(p.pk, p.full_name) for p in people]

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise ValidationError(_("The date must be today or later."))
        return due


class BoardForm(forms.Form):
    title = forms.CharField(label=_("Name of the board"), max_length=150)
    prompt = forms.CharField(
        label=_("What would you like people to think about?"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    content_note = forms.CharField(
        label=_("Content note (optional)"),
        required=False,
        max_length=200,
        help_text=_("If it may be hard to read, say why in a few words, like: talks about a hospital stay."),
    )
    anonymity = forms.ChoiceField(
        label=_("Who can see who wrote a note?"),
        choices=Anonymity.choices,
        widget=forms.RadioSelect,
        initial=Anonymity.HIDDEN,
        error_messages={"required": _("Choose who can see who wrote a note.")},
    )
    columns = forms.CharField(
        label=_("Columns"),
        help_text=_("One on each line."),
        initial="What works\nWhat does not work\nIdeas",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    votes_per_person = forms.IntegerField(
        label=_("How many dots can each person give?"),
        min_value=0,
        max_value=20,
        initial=3,
        error_messages={"invalid": _("Enter a number from 0 to 20.")},
    )
    meeting = forms.TypedChoiceField(label=_("After a meeting?"), coerce=int, required=False, empty_value=None)
    open_days = forms.IntegerField(
        label=_("How many days is it open?"),
        help_text=_("Leave empty to keep it open."),
        min_value=1,
        max_value=90,
        required=False,
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["meeting"]).choices = [("", _("No, it is for the whole project"))] + [
            (m.pk, m.title) for m in meetings
        ]

    def column_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["columns"].splitlines() if line.strip()]


class NoteForm(forms.Form):
    column = forms.TypedChoiceField(
        label=_("Which column?"), coerce=int, error_messages={"required": _("Choose a column.")}
    )
    text = forms.CharField(
        label=_("Your note"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your note.")},
    )

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["column"]).choices = [(c.pk, c.title) for c in columns]


class ThemeChoiceForm(forms.Form):
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int, required=False, empty_value=None)
    theme_title = forms.CharField(label=_("Or a new theme"), max_length=150, required=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", _("No theme"))] + [
            (t.pk, t.title) for t in themes
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Please say why.")},
    )


class ResponseForm(forms.Form):
    title = forms.CharField(
        label=_("What you told us, in short"),
        max_length=200,
        help_text=_("For example: meetings are at school pick-up time."),
    )
    outcome = forms.ChoiceField(
        label=_("What happened?"),
        choices=Response.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    what_we_did = forms.CharField(
        label=_("What we did, or why we could not"), max_length=TEXT_MAX, widget=forms.Textarea(attrs=TEXTAREA)
    )


# Every check-in question can be passed without a reason (issue 16, "The right to pass"): "I'd rather not
# say" is stored as no answer, exactly like leaving the question out.
PASS = "pass"
SCALE_CHOICES = [
    ("5", _("5: Yes, very much")),
    ("4", _("4: Mostly")),
    ("3", _("3: Some of the time")),
    ("2", _("2: Not much")),
    ("1", _("1: Not at all")),
    (PASS, _("I'd rather not say")),
]
FEELING_CHOICES = [
    ("5", _("5: Very good")),
    ("4", _("4: Good")),
    ("3", _("3: OK")),
    ("2", _("2: Not good")),
    ("1", _("1: Bad")),
    (PASS, _("I'd rather not say")),
]


_FELT = dict(FELT_QUESTIONS)


def _scale_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=SCALE_CHOICES, widget=forms.RadioSelect, required=False)


class CheckInForm(forms.Form):
    """Every question of a check-in, each optional; the same form for a member and for answers taken by phone."""

    heard = forms.ChoiceField(label=_("I felt heard"), choices=SCALE_CHOICES, widget=forms.RadioSelect, required=False)
    papers_in_time = forms.ChoiceField(
        label=_("I got the papers in time"), choices=SCALE_CHOICES, widget=forms.RadioSelect, required=False
    )
    valued = forms.ChoiceField(
        label=_("I felt valued"), choices=SCALE_CHOICES, widget=forms.RadioSelect, required=False
    )
    feeling = forms.ChoiceField(
        label=_("How are you feeling?"), choices=FEELING_CHOICES, widget=forms.RadioSelect, required=False
    )
    # The four "how it felt" questions, worded once in models.FELT_QUESTIONS.
    voice_changed = _scale_field(_FELT["voice_changed"])
    enough_ways = _scale_field(_FELT["enough_ways"])
    what_matters = _scale_field(_FELT["what_matters"])
    organisation_changed = _scale_field(_FELT["organisation_changed"])
    feeling_text = forms.CharField(
        label=_("Anything else about how you feel?"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change_text = forms.CharField(
        label=_("What should we change?"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class GetInTouchForm(forms.Form):
    """After a low check-in answer: would you like the organiser to get in touch? (feedback/wellbeing.py)"""

    get_in_touch = forms.ChoiceField(
        label=_("Would you like the organiser to get in touch with you?"),
        choices=[("yes", _("Yes, please get in touch")), ("no", _("No, thank you"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no. Or just leave this page: we will not tell anyone.")},
    )


class CheckInOpenForm(forms.Form):
    days = forms.IntegerField(label=_("How many days is it open?"), min_value=1, max_value=60, initial=7)


class AnonymousFeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("What would you like to tell us?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write what you would like to tell us.")},
    )
    # A field people never see. Programs that fill in every box fill this one too.
    website = forms.CharField(required=False, label=_("Leave this empty"))
