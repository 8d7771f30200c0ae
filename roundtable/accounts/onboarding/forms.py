"""One form per onboarding question. Each names the profile (and user) fields it writes."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import Channel, CommunicationProfile, Format, Naming, User, Weekday
from roundtable.accounts.onboarding.fields import (
    NONE,
    PHONE_ALLOWED,
    check_times,
    days_field,
    in_order,
    time_field,
)

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
        super().clean()
        cleaned = self.cleaned_data  # what Django's clean returns, typed as never None
        labels = dict(Channel.choices)
        seen: set[str] = set()
        for slot in self.SLOTS:
            value = cleaned.get(slot)
            if not value:
                continue
            if value in seen:
                # Django gives a ChoiceField's choices as a list of pairs; the stubs type them as any choices input.
                self.add_error(
                    slot,
                    _t("You already chose %(way)s. Choose a different way, or choose '%(none)s'.")
                    % {"way": labels[value], "none": cast(forms.ChoiceField, self.fields[slot]).choices[0][1]},  # type: ignore[index]
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
        super().clean()
        cleaned = self.cleaned_data  # what Django's clean returns, typed as never None
        channels = set(self.profile.channels)
        if "phone" not in self.errors and not cleaned.get("phone") and channels & {Channel.TEXT, Channel.PHONE}:
            self.add_error("phone", _("Enter a phone number so we can text or call you"))
        if not cleaned.get("postal_address") and Channel.LETTER in channels:
            self.add_error("postal_address", _("Enter your address so we can send you letters"))
        return cleaned


class ContactTimesForm(QuestionForm):
    contact_days = days_field(_("Which days can we contact you?"), _("Leave them all empty if any day is fine."))
    contact_from = time_field(_("From"), _("For example, 20:00 or 8pm"))
    contact_until = time_field(_("Until"), _("For example, 22:00 or 10pm"))

    def clean_contact_days(self) -> list[str]:
        return in_order(self.cleaned_data["contact_days"], Weekday)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what Django's clean returns, typed as never None
        check_times(self, "contact_from", "contact_until")
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
    meeting_days = days_field(_("Which days can you meet?"), _("Leave them all empty if any day is fine."))
    meeting_from = time_field(_("You can meet from"), _("For example, 09:30 or 9:30am"))
    meeting_until = time_field(_("You can meet until"), _("For example, 14:30 or 2:30pm"))
    avoid_school_holidays = forms.BooleanField(label=_("I cannot meet in school holidays"), required=False)
    caring_notes = forms.CharField(
        label=_("Anything else about your caring we should know?"),
        help_text=_("For example: weekdays only after 8pm, or I need childcare paid for to come."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_meeting_days(self) -> list[str]:
        return in_order(self.cleaned_data["meeting_days"], Weekday)

    def clean_caring_notes(self) -> str:
        return self.cleaned_data["caring_notes"].strip()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what Django's clean returns, typed as never None
        check_times(self, "meeting_from", "meeting_until")
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
        super().clean()
        cleaned = self.cleaned_data  # what Django's clean returns, typed as never None
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
        super().clean()
        cleaned = self.cleaned_data  # what Django's clean returns, typed as never None
        pseudonym = cleaned.get("pseudonym", "").strip()
        if cleaned.get("naming") == Naming.PSEUDONYM and not pseudonym:
            self.add_error("pseudonym", _("Enter the made-up name you would like us to use"))
        cleaned["pseudonym"] = pseudonym if cleaned.get("naming") == Naming.PSEUDONYM else ""
        return cleaned
