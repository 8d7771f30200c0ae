"""The registry: the questions in order, with their form, fields, section and summary; where a person is."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import CommunicationProfile, ProfileSection, User
from roundtable.accounts.onboarding.forms import (
    AccessNeedsForm,
    CaringForm,
    ChannelsForm,
    ContactDetailsForm,
    ContactTimesForm,
    FormatsForm,
    HelperForm,
    LanguageForm,
    NameForm,
    NamingForm,
    NoticeForm,
    QuestionForm,
)
from roundtable.accounts.onboarding.summaries import (
    summary_access_needs,
    summary_caring,
    summary_channels,
    summary_contact_details,
    summary_contact_times,
    summary_formats,
    summary_helper,
    summary_language,
    summary_name,
    summary_naming,
    summary_notice,
)

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
            default = cast(Field, source._meta.get_field(name)).get_default()  # a column, not a relation
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
        summary=summary_name,
        fields=("known_as", "full_name"),
    ),
    Question(
        key="channels",
        fieldset=True,
        title=_("How should we contact you?"),
        label=_("How to contact you"),
        intro=_("Choose up to 3 ways. Put the way you like best first. We will always try that way first."),
        form_class=ChannelsForm,
        summary=summary_channels,
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
        summary=summary_contact_details,
        section=ProfileSection.CONTACT,
        fields=("phone", "postal_address"),
    ),
    Question(
        key="contact_times",
        title=_("When can we contact you?"),
        label=_("When to contact you"),
        intro=_("For example, after 8pm on weekdays. We will wait until then to text or call you."),
        form_class=ContactTimesForm,
        summary=summary_contact_times,
        section=ProfileSection.CONTACT,
        fields=("contact_days", "contact_from", "contact_until"),
    ),
    Question(
        key="language",
        title=_("Which language would you like us to use?"),
        label=_("Language"),
        form_class=LanguageForm,
        summary=summary_language,
        section=ProfileSection.LANGUAGE_FORMATS,
        heading_field="language",
        fields=("language",),
    ),
    Question(
        key="formats",
        title=_("Which formats help you read things?"),
        label=_("Formats"),
        form_class=FormatsForm,
        summary=summary_formats,
        section=ProfileSection.LANGUAGE_FORMATS,
        heading_field="formats",
        fields=("formats",),
    ),
    Question(
        key="access_needs",
        title=_("What helps you take part?"),
        label=_("Access needs"),
        form_class=AccessNeedsForm,
        summary=summary_access_needs,
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
        summary=summary_caring,
        section=ProfileSection.CARING,
        fields=("meeting_days", "meeting_from", "meeting_until", "avoid_school_holidays", "caring_notes"),
    ),
    Question(
        key="notice",
        title=_("How many days' notice do you need before a meeting?"),
        label=_("Notice you need"),
        form_class=NoticeForm,
        summary=summary_notice,
        section=ProfileSection.NOTICE,
        heading_field="notice_days",
        fields=("notice_days",),
    ),
    Question(
        key="helper",
        title=_("Does someone help you with messages?"),
        label=_("Someone who helps you"),
        form_class=HelperForm,
        summary=summary_helper,
        section=ProfileSection.HELPER,
        heading_field="has_helper",
        fields=("helper_name", "helper_contact", "helper_gets_copies"),
    ),
    Question(
        key="naming",
        title=_("How should we name you when we thank people or list members?"),
        label=_("How we name you"),
        form_class=NamingForm,
        summary=summary_naming,
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
