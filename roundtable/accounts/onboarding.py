"""The onboarding questions: one question per page, written as data.

Each `Question` names its form, the profile fields it writes and how to
summarise the answer on the check page and the profile page. The same
registry serves a person filling in their own profile and an organiser
entering someone's answers by proxy (for example after a phone call with
Grace), so the words are in the second person: an organiser can read them
out as they are.

The questions follow the NHS Accessible Information Standard: ask (these
pages), record (`profile_update`), flag and share (the profile sections a
project may see), act (notifications obey the answers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import time
from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from roundtable.accounts.models import Channel, CommunicationProfile, Format, Naming, ProfileSection, User, Weekday

# --- Helpers shared by the forms -------------------------------------------------------------

TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I:%M %p", "%I.%M%p", "%I%p", "%I %p", "%H"]
TIME_ERROR = _("Enter a time like 20:00 or 8pm")
PHONE_ALLOWED = re.compile(r"^\+?[0-9 ()\-]+$")
NONE = "none"


def format_time(value: time | None) -> str:
    """8pm, 8:30am, midday, midnight: the GOV.UK style, short and clear."""
    if value is None:
        return ""
    if value.hour == 0 and value.minute == 0:
        return str(_("midnight"))
    if value.hour == 12 and value.minute == 0:
        return str(_("midday"))
    hour = value.hour % 12 or 12
    suffix = _t("am") if value.hour < 12 else _t("pm")
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def _time_field(label: StrOrPromise, hint: StrOrPromise = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text=hint,
        required=False,
        input_formats=TIME_INPUT_FORMATS,
        error_messages={"invalid": TIME_ERROR},
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"),
    )


def _days_field(label: StrOrPromise, hint: StrOrPromise = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        required=False,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
    )


def _in_order(values: Iterable[str], choices: type[Weekday]) -> list[str]:
    """Keep a list of choice values in the order the choices are declared (Monday first)."""
    chosen = set(values)
    return [c.value for c in choices if c.value in chosen]


def _join(items: list[str]) -> str:
    return ", ".join(items)


def _days_and_times(days: list[str], start: time | None, until: time | None) -> str:
    labels = dict(Weekday.choices)
    day_text = _join([str(labels[d]) for d in days if d in labels]) or _t("Any day")
    if start and until:
        return _t("%(days)s, from %(from)s to %(until)s") % {
            "days": day_text,
            "from": format_time(start),
            "until": format_time(until),
        }
    if start:
        return _t("%(days)s, after %(from)s") % {"days": day_text, "from": format_time(start)}
    if until:
        return _t("%(days)s, before %(until)s") % {"days": day_text, "until": format_time(until)}
    return _t("%(days)s, at any time") % {"days": day_text}


def _check_times(form: forms.Form, start_field: str, until_field: str) -> None:
    start = form.cleaned_data.get(start_field)
    until = form.cleaned_data.get(until_field)
    if start and until and start == until:
        form.add_error(until_field, _("The end time must be different from the start time"))


# --- Forms ----------------------------------------------------------------------------------


class QuestionForm(forms.Form):
    """A form for one onboarding question.

    By default each form field is a profile (or user) field of the same name:
    `initial_for` reads them and `profile_data` gives the dict for
    `profile_update`. Forms whose fields do not map one to one override both.
    """

    #: User fields this form writes; all others are CommunicationProfile fields.
    user_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, profile: CommunicationProfile, user: User, **kwargs: Any) -> None:
        self.profile = profile
        self.user = user
        if "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(profile, user)
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, profile: CommunicationProfile, user: User) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name in cls.base_fields:
            source = user if name in cls.user_fields else profile
            if hasattr(source, name):
                initial[name] = getattr(source, name)
        return initial

    def profile_data(self) -> dict[str, Any]:
        """The changes to save, keyed by model field name."""
        return {name: self.cleaned_data[name] for name in self.fields}

    def clean(self) -> dict[str, Any]:
        """Django's own check, which returns ``cleaned_data`` (typed here as never None, for the forms below)."""
        super().clean()
        return self.cleaned_data


class NameForm(QuestionForm):
    user_fields = ("known_as", "full_name")

    known_as = forms.CharField(
        label=_("What should we call you?"),
        help_text=_("For example, Amira, Joe or Mrs Adebayo."),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
    )
    full_name = forms.CharField(
        label=_("Your full name"),
        help_text=_("We use this to pay you. We only show it to others if you say we can."),
        max_length=150,
        error_messages={"required": _("Enter your full name")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )


class ChannelsForm(QuestionForm):
    """Up to three ways to contact someone, in order. Works without JavaScript: three selects."""

    SLOTS = ("first", "second", "third")

    first = forms.ChoiceField(
        label=_("First choice"),
        choices=[("", _("Choose a way"))] + list(Channel.choices),
        error_messages={"required": _("Choose how you would like us to contact you")},
    )
    second = forms.ChoiceField(
        label=_("Second choice"),
        choices=[("", _("No second choice"))] + list(Channel.choices),
        required=False,
    )
    third = forms.ChoiceField(
        label=_("Third choice"),
        choices=[("", _("No third choice"))] + list(Channel.choices),
        required=False,
    )

    @classmethod
    def initial_for(cls, profile: CommunicationProfile, user: User) -> dict[str, Any]:
        return dict(zip(cls.SLOTS, profile.channels, strict=False))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        labels = dict(Channel.choices)
        seen: set[str] = set()
        for slot in self.SLOTS:
            value = cleaned.get(slot)
            if not value:
                continue
            if value in seen:
                # The field's first choice is its "no choice" label, set above.
                slot_choices = cast("list[tuple[str, str]]", cast(forms.ChoiceField, self.fields[slot]).choices)
                self.add_error(
                    slot,
                    _t("You already chose %(way)s. Choose a different way, or choose '%(none)s'.")
                    % {"way": labels[value], "none": slot_choices[0][1]},
                )
            seen.add(value)
        return cleaned

    def profile_data(self) -> dict[str, Any]:
        return {"channels": [self.cleaned_data[s] for s in self.SLOTS if self.cleaned_data.get(s)]}


class ContactDetailsForm(QuestionForm):
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("We only use it to text or call you, if you said we can."),
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "spellcheck": "false", "class": "govuk-input--width-20"}
        ),
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        help_text=_("We only use it to send you letters, if you said we can."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "street-address"}),
    )

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone)
        if not PHONE_ALLOWED.match(phone) or not 10 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Enter a phone number using numbers only, like 07700 900123 or +44 7700 900123")
            )
        return phone

    def clean_postal_address(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["postal_address"].splitlines()]
        return "\n".join(line for line in lines if line)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        channels = set(self.profile.channels)
        if "phone" not in self.errors and not cleaned.get("phone") and channels & {Channel.TEXT, Channel.PHONE}:
            self.add_error("phone", _("Enter a phone number so we can text or call you"))
        if not cleaned.get("postal_address") and Channel.LETTER in channels:
            self.add_error("postal_address", _("Enter your address so we can send you letters"))
        return cleaned


class ContactTimesForm(QuestionForm):
    contact_days = _days_field(_("Which days can we contact you?"), _("Leave them all empty if any day is fine."))
    contact_from = _time_field(_("From"), _("For example, 20:00 or 8pm"))
    contact_until = _time_field(_("Until"), _("For example, 22:00 or 10pm"))

    def clean_contact_days(self) -> list[str]:
        return _in_order(self.cleaned_data["contact_days"], Weekday)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _check_times(self, "contact_from", "contact_until")
        return cleaned


class LanguageForm(QuestionForm):
    language = forms.CharField(
        label=_("Which language would you like us to use?"),
        help_text=_("For example, English, Welsh, Urdu or British Sign Language."),
        max_length=60,
        error_messages={"required": _("Enter a language, like English")},
        widget=forms.TextInput(attrs={"autocomplete": "language", "class": "govuk-input--width-20"}),
    )

    @classmethod
    def initial_for(cls, profile: CommunicationProfile, user: User) -> dict[str, Any]:
        return {"language": profile.language or _t("English")}

    def profile_data(self) -> dict[str, Any]:
        return {"language": self.cleaned_data["language"].strip()}


class FormatsForm(QuestionForm):
    formats = forms.MultipleChoiceField(
        label=_("Which formats help you read things?"),
        help_text=_("We will send you papers in these formats. Choose all that help."),
        choices=[*Format.choices, (NONE, _("None of these"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the formats that help you, or choose 'None of these'")},
    )

    @classmethod
    def initial_for(cls, profile: CommunicationProfile, user: User) -> dict[str, Any]:
        if profile.formats:
            return {"formats": list(profile.formats)}
        if "formats" in profile.answered:
            return {"formats": [NONE]}
        return {}

    def clean_formats(self) -> list[str]:
        chosen = self.cleaned_data["formats"]
        if NONE in chosen and len(chosen) > 1:
            raise forms.ValidationError(_("Choose the formats that help you, or 'None of these', but not both"))
        return [f.value for f in Format if f.value in chosen]


class AccessNeedsForm(QuestionForm):
    access_needs = forms.CharField(
        label=_("What helps you take part?"),
        help_text=_(
            "For example: step-free access, a hearing loop, breaks, captions on video calls, "
            "or a quiet room. Leave it empty if nothing is needed."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def profile_data(self) -> dict[str, Any]:
        return {"access_needs": self.cleaned_data["access_needs"].strip()}


class CaringForm(QuestionForm):
    meeting_days = _days_field(_("Which days can you meet?"), _("Leave them all empty if any day is fine."))
    meeting_from = _time_field(_("You can meet from"), _("For example, 09:30 or 9:30am"))
    meeting_until = _time_field(_("You can meet until"), _("For example, 14:30 or 2:30pm"))
    avoid_school_holidays = forms.BooleanField(label=_("I cannot meet in school holidays"), required=False)
    caring_notes = forms.CharField(
        label=_("Anything else about your caring we should know?"),
        help_text=_("For example: weekdays only after 8pm, or I need childcare paid for to come."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_meeting_days(self) -> list[str]:
        return _in_order(self.cleaned_data["meeting_days"], Weekday)

    def clean_caring_notes(self) -> str:
        return self.cleaned_data["caring_notes"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _check_times(self, "meeting_from", "meeting_until")
        return cleaned


class NoticeForm(QuestionForm):
    notice_days = forms.IntegerField(
        label=_("How many days' notice do you need before a meeting?"),
        help_text=_("This is also how early you need papers to read before it. Most projects give 7 days."),
        min_value=0,
        max_value=60,
        error_messages={
            "required": _("Enter a number of days, from 0 to 60"),
            "invalid": _("Enter a number of days, like 7"),
            "min_value": _("Enter a number of days, from 0 to 60"),
            "max_value": _("Enter a number of days, from 0 to 60"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )


class HelperForm(QuestionForm):
    has_helper = forms.TypedChoiceField(
        label=_("Does someone help you with messages?"),
        help_text=_("For example, a friend or someone in your family who reads them with you."),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes if someone helps you with messages")},
    )
    helper_name = forms.CharField(label=_("Their name"), max_length=150, required=False)
    helper_contact = forms.CharField(
        label=_("How can we contact them?"),
        help_text=_("For example, their phone number or email address."),
        max_length=200,
        required=False,
    )
    helper_gets_copies = forms.BooleanField(label=_("Send them a copy of the messages we send you"), required=False)

    @classmethod
    def initial_for(cls, profile: CommunicationProfile, user: User) -> dict[str, Any]:
        initial = super().initial_for(profile, user)
        if profile.helper_name:
            initial["has_helper"] = "yes"
        elif "helper" in profile.answered:
            initial["has_helper"] = "no"
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("has_helper") and not cleaned.get("helper_name", "").strip():
            self.add_error("helper_name", _("Enter the name of the person who helps you"))
        return cleaned

    def profile_data(self) -> dict[str, Any]:
        if not self.cleaned_data["has_helper"]:
            return {"helper_name": "", "helper_contact": "", "helper_gets_copies": False}
        return {
            "helper_name": self.cleaned_data["helper_name"].strip(),
            "helper_contact": self.cleaned_data["helper_contact"].strip(),
            "helper_gets_copies": self.cleaned_data["helper_gets_copies"],
        }


class NamingForm(QuestionForm):
    naming = forms.ChoiceField(
        label=_("How should we name you when we thank people or list members?"),
        help_text=_("You can change this at any time."),
        choices=Naming.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we should name you")},
    )
    pseudonym = forms.CharField(
        label=_("Your made-up name"),
        help_text=_("Only if you chose a made-up name."),
        max_length=80,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        pseudonym = cleaned.get("pseudonym", "").strip()
        if cleaned.get("naming") == Naming.PSEUDONYM and not pseudonym:
            self.add_error("pseudonym", _("Enter the made-up name you would like us to use"))
        cleaned["pseudonym"] = pseudonym if cleaned.get("naming") == Naming.PSEUDONYM else ""
        return cleaned


# --- Summaries (for the check page and the profile page) ------------------------------------


def _summary_name(profile: CommunicationProfile, user: User) -> str:
    lines = []
    if user.known_as:
        lines.append(_t("Call me %(name)s") % {"name": user.known_as})
    lines.append(user.full_name)
    return "\n".join(lines)


def _summary_channels(profile: CommunicationProfile, user: User) -> str:
    labels = profile.channel_labels()
    return "\n".join(f"{i}. {label}" for i, label in enumerate(labels, start=1)) or _t("No way chosen")


def _summary_contact_details(profile: CommunicationProfile, user: User) -> str:
    lines = []
    if profile.phone:
        lines.append(profile.phone)
    if profile.postal_address:
        lines.append(profile.postal_address)
    return "\n".join(lines) or _t("None given")


def _summary_contact_times(profile: CommunicationProfile, user: User) -> str:
    return _days_and_times(profile.contact_days, profile.contact_from, profile.contact_until)


def _summary_language(profile: CommunicationProfile, user: User) -> str:
    return profile.language or _t("English")


def _summary_formats(profile: CommunicationProfile, user: User) -> str:
    return _join(profile.format_labels()) or _t("None needed")


def _summary_access_needs(profile: CommunicationProfile, user: User) -> str:
    return profile.access_needs or _t("Nothing needed")


def _summary_caring(profile: CommunicationProfile, user: User) -> str:
    lines = [_days_and_times(profile.meeting_days, profile.meeting_from, profile.meeting_until)]
    if profile.avoid_school_holidays:
        lines.append(_t("Not in school holidays"))
    if profile.caring_notes:
        lines.append(profile.caring_notes)
    return "\n".join(lines)


def _summary_notice(profile: CommunicationProfile, user: User) -> str:
    if profile.notice_days is None:
        return _t("Not given")
    if profile.notice_days == 1:
        return _t("1 day")
    return _t("%(days)s days") % {"days": profile.notice_days}


def _summary_helper(profile: CommunicationProfile, user: User) -> str:
    if not profile.helper_name:
        return _t("No one")
    lines = [profile.helper_name]
    if profile.helper_contact:
        lines.append(profile.helper_contact)
    lines.append(_t("Gets copies of messages") if profile.helper_gets_copies else _t("Does not get copies"))
    return "\n".join(lines)


def _summary_naming(profile: CommunicationProfile, user: User) -> str:
    label = str(dict(Naming.choices).get(profile.naming, ""))
    if profile.naming == Naming.PSEUDONYM and profile.pseudonym:
        return f"{label}: {profile.pseudonym}"
    return label


# --- The registry ---------------------------------------------------------------------------

USER_FIELDS = frozenset(NameForm.user_fields)


@dataclass(frozen=True)
class Question:
    key: str
    #: The question, as the page's heading.
    title: Any
    #: A short name for the task list and the summary lists ("Language").
    label: Any
    form_class: type[QuestionForm]
    summary: Callable[[CommunicationProfile, User], str]
    #: The part of the profile a project may be allowed to see (None: always part of who you are).
    section: str | None = None
    #: For one-question pages: the field whose label or legend is the page's heading.
    heading_field: str | None = None
    #: Extra words under the heading.
    intro: Any = ""
    #: Group the page's fields in a fieldset whose legend is the heading (only if none is a checkbox group).
    fieldset: bool = False
    #: The model fields this question writes (used to describe changes in plain words).
    fields: tuple[str, ...] = field(default=())

    def has_data(self, profile: CommunicationProfile, user: User) -> bool:
        """Whether something is already known for this question (say, an address added by an organiser)."""
        for name in self.fields:
            source = user if name in USER_FIELDS else profile
            value = getattr(source, name)
            model_field = source._meta.get_field(name)
            assert isinstance(model_field, models.Field)  # a column of its own, not the far side of a relation
            default = model_field.get_default()
            if value not in (None, "", [], False) and value != default:
                return True
        return False

    def form(self, *args: Any, profile: CommunicationProfile, user: User, **kwargs: Any) -> QuestionForm:
        return self.form_class(*args, profile=profile, user=user, **kwargs)


QUESTIONS: list[Question] = [
    Question(
        key="name",
        fieldset=True,
        title=_("Your name"),
        label=_("Name"),
        form_class=NameForm,
        summary=_summary_name,
        fields=("known_as", "full_name"),
    ),
    Question(
        key="channels",
        fieldset=True,
        title=_("How should we contact you?"),
        label=_("How to contact you"),
        intro=_("Choose up to 3 ways. Put the way you like best first. We will always try that way first."),
        form_class=ChannelsForm,
        summary=_summary_channels,
        section=ProfileSection.CONTACT,
        fields=("channels",),
    ),
    Question(
        key="contact_details",
        fieldset=True,
        title=_("Your phone number and address"),
        label=_("Phone number and address"),
        intro=_("We need a phone number to text or call you, and an address to send you letters."),
        form_class=ContactDetailsForm,
        summary=_summary_contact_details,
        section=ProfileSection.CONTACT,
        fields=("phone", "postal_address"),
    ),
    Question(
        key="contact_times",
        title=_("When can we contact you?"),
        label=_("When to contact you"),
        intro=_("For example, after 8pm on weekdays. We will wait until then to text or call you."),
        form_class=ContactTimesForm,
        summary=_summary_contact_times,
        section=ProfileSection.CONTACT,
        fields=("contact_days", "contact_from", "contact_until"),
    ),
    Question(
        key="language",
        title=_("Which language would you like us to use?"),
        label=_("Language"),
        form_class=LanguageForm,
        summary=_summary_language,
        section=ProfileSection.LANGUAGE_FORMATS,
        heading_field="language",
        fields=("language",),
    ),
    Question(
        key="formats",
        title=_("Which formats help you read things?"),
        label=_("Formats"),
        form_class=FormatsForm,
        summary=_summary_formats,
        section=ProfileSection.LANGUAGE_FORMATS,
        heading_field="formats",
        fields=("formats",),
    ),
    Question(
        key="access_needs",
        title=_("What helps you take part?"),
        label=_("Access needs"),
        form_class=AccessNeedsForm,
        summary=_summary_access_needs,
        section=ProfileSection.ACCESS,
        heading_field="access_needs",
        fields=("access_needs",),
    ),
    Question(
        key="caring",
        title=_("Your caring commitments"),
        label=_("Caring and meeting times"),
        intro=_("Tell us when you can meet. We will plan meetings around you."),
        form_class=CaringForm,
        summary=_summary_caring,
        section=ProfileSection.CARING,
        fields=("meeting_days", "meeting_from", "meeting_until", "avoid_school_holidays", "caring_notes"),
    ),
    Question(
        key="notice",
        title=_("How many days' notice do you need before a meeting?"),
        label=_("Notice you need"),
        form_class=NoticeForm,
        summary=_summary_notice,
        section=ProfileSection.NOTICE,
        heading_field="notice_days",
        fields=("notice_days",),
    ),
    Question(
        key="helper",
        title=_("Does someone help you with messages?"),
        label=_("Someone who helps you"),
        form_class=HelperForm,
        summary=_summary_helper,
        section=ProfileSection.HELPER,
        heading_field="has_helper",
        fields=("helper_name", "helper_contact", "helper_gets_copies"),
    ),
    Question(
        key="naming",
        title=_("How should we name you when we thank people or list members?"),
        label=_("How we name you"),
        form_class=NamingForm,
        summary=_summary_naming,
        heading_field="naming",
        fields=("naming", "pseudonym"),
    ),
]

QUESTIONS_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}

#: Model field name -> the plain label of the question that asks it.
FIELD_LABELS: dict[str, Any] = {f: q.label for q in QUESTIONS for f in q.fields}

COMPLETED = "completed"
SKIPPED = "skipped"
NOT_STARTED = "not_started"


def get_question(key: str) -> Question | None:
    return QUESTIONS_BY_KEY.get(key)


def question_status(profile: CommunicationProfile, key: str) -> str:
    if key in profile.answered:
        return COMPLETED
    if key in profile.skipped:
        return SKIPPED
    return NOT_STARTED


def next_question(profile: CommunicationProfile, after: str | None = None) -> Question | None:
    """The first question not yet answered or skipped, after `after` (or from the start)."""
    keys = [q.key for q in QUESTIONS]
    start = keys.index(after) + 1 if after in keys else 0
    for question in QUESTIONS[start:]:
        if question_status(profile, question.key) == NOT_STARTED:
            return question
    return None


def previous_question(key: str) -> Question | None:
    keys = [q.key for q in QUESTIONS]
    index = keys.index(key)
    return QUESTIONS[index - 1] if index > 0 else None


def describe_fields(fields: Iterable[str]) -> str:
    """Plain words for a list of changed model fields: 'How to contact you, Language'."""
    labels: list[str] = []
    for name in fields:
        label = str(FIELD_LABELS.get(name, name.replace("_", " ")))
        if label not in labels:
            labels.append(label)
    return ", ".join(labels)
