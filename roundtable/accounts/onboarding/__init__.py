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

Split by meaning; import from here (``from roundtable.accounts.onboarding import QUESTIONS``):

* ``fields``: time and day fields the forms share, ``format_time``.
* ``forms``: one form per question.
* ``summaries``: each answer in a few plain words.
* ``questions``: the registry (``QUESTIONS``, ``Question``) and where a person is in it.
"""

from roundtable.accounts.onboarding.fields import (
    NONE,
    PHONE_ALLOWED,
    TIME_ERROR,
    TIME_INPUT_FORMATS,
    format_time,
)
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
from roundtable.accounts.onboarding.questions import (
    COMPLETED,
    FIELD_LABELS,
    NOT_STARTED,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    SKIPPED,
    USER_FIELDS,
    Question,
    describe_fields,
    get_question,
    next_question,
    previous_question,
    question_status,
)

__all__ = [
    "AccessNeedsForm",
    "COMPLETED",
    "CaringForm",
    "ChannelsForm",
    "ContactDetailsForm",
    "ContactTimesForm",
    "FIELD_LABELS",
    "FormatsForm",
    "HelperForm",
    "LanguageForm",
    "NONE",
    "NOT_STARTED",
    "NameForm",
    "NamingForm",
    "NoticeForm",
    "PHONE_ALLOWED",
    "QUESTIONS",
    "QUESTIONS_BY_KEY",
    "Question",
    "QuestionForm",
    "SKIPPED",
    "TIME_ERROR",
    "TIME_INPUT_FORMATS",
    "USER_FIELDS",
    "describe_fields",
    "format_time",
    "get_question",
    "next_question",
    "previous_question",
    "question_status",
]
