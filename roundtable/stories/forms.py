"""Story forms. The services check again; these give each field its plain words and keep what was typed."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.meetings.forms import date_field
from roundtable.stories.audio import ACCEPT, MAX_MB

NOTE_HINT = _(
    "A few words that say what it is about, like “talks about a hospital stay”. People see them first and can skip it."
)


class PartForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, “The first year”."),
        error_messages={"required": _("Give this part a title.")},
    )
    text = forms.CharField(
        label=_("Your words"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Only you can read this until you share it."),
    )
    content_note = forms.CharField(
        label=_("Content note (optional)"), required=False, max_length=300, help_text=NOTE_HINT
    )
    audio = forms.FileField(
        label=_("A recording (optional)"),
        required=False,
        help_text=_("A sound file (MP3, M4A or WAV), up to %(mb)s MB.") % {"mb": MAX_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": _("The file is empty. Choose another file.")},
    )
    remove_audio = forms.BooleanField(label=_("Remove the recording"), required=False)

    def __init__(self, *args, has_audio: bool = False, **kwargs):
        """``has_audio``: the part being changed has a recording already, so words are not needed."""
        super().__init__(*args, **kwargs)
        self.has_audio = has_audio

    def clean(self):
        data = super().clean() or {}
        kept = self.has_audio and not data.get("remove_audio")
        if not data.get("text", "").strip() and not data.get("audio") and not kept and "audio" not in self.errors:
            self.add_error("text", _("Write some words, or add a recording."))
        return data


class ShareForm(forms.Form):
    project = forms.TypedChoiceField(
        label=_("Which project?"), coerce=int, error_messages={"required": _("Choose a project.")}
    )
    purpose = forms.CharField(
        label=_("What is it for?"),
        max_length=300,
        help_text=_("What the project said it needs it for, like “to help design the study questions”."),
        error_messages={"required": _("Say what the story is for.")},
    )
    until = date_field(
        _("Until (optional)"),
        required=False,
        help_text=_("The last day they can read it, like 14/03/2027. Leave it empty to share until you withdraw it."),
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["project"]).choices = [("", _("Choose a project"))] + [
            (p.pk, p.title) for p in projects
        ]


class ShareExistingForm(forms.Form):
    part = forms.TypedChoiceField(
        label=_("Which part?"), coerce=int, widget=forms.RadioSelect, error_messages={"required": _("Choose a part.")}
    )
    until = date_field(
        _("Until (optional)"), required=False, help_text=_("Leave it empty to share until you withdraw it.")
    )

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["part"]).choices = [(p.pk, p.title) for p in parts]


class RequestForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("Who do you want to ask?"), coerce=int, error_messages={"required": _("Choose a person.")}
    )
    purpose = forms.CharField(
        label=_("What is it for?"),
        max_length=300,
        help_text=_("Say how you will use it, like “to help design the study questions”."),
        error_messages={"required": _("Say what the story is for.")},
    )
    content_note = forms.CharField(
        label=_("Content note (optional)"), required=False, max_length=300, help_text=NOTE_HINT
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", _("Choose a person"))] + [
            (p.pk, p.full_name) for p in people
        ]


class QuoteForm(forms.Form):
    output = forms.TypedChoiceField(
        label=_("Where will you quote it?"), coerce=int, error_messages={"required": _("Choose what you made.")}
    )
    text = forms.CharField(
        label=_("The words to quote"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Copy the words exactly. The person sees them and says yes or no."),
        error_messages={"required": _("Write the words you want to quote.")},
    )

    def __init__(self, *args, outputs=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["output"]).choices = [("", _("Choose one"))] + [
            (o.pk, o.title) for o in outputs
        ]


class ProxyShareForm(forms.Form):
    purpose = forms.CharField(
        label=_("What is it for?"), max_length=300, error_messages={"required": _("Say what the story is for.")}
    )
