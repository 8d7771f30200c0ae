"""What a check-in's letter carries: the project's contact and a reply slip with every question
(docs/feedback.md, "Check-ins").

Registered with the outbox's letter parts (``notifications/letter_parts.py``) in ``FeedbackConfig.ready``.
A "how did the meeting go" message (key ``check_in:<id>:user:<person>``) sent as a letter gets a reply
slip that asks the check-in's questions, worded once in ``forms.CheckInForm`` (the four "how it felt"
questions included), each with a box to tick for each answer, and space to write. When the slip comes
back the organiser types its reference at ``/tasks/letters/replies/``, which opens the check-in's
"type in answers" page for that person (``enter_url``): the answers are saved by proxy, marked as
from a reply slip by post.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from roundtable.notifications.letter_parts import LetterParts, ReplySlip, SlipQuestion
from roundtable.projects.letters import contact_for_project

if TYPE_CHECKING:
    from roundtable.notifications.models import Message

_CHECK_IN = re.compile(r"^check_in:(\d+):user:(\d+)$")

# Where an organiser types in a returned slip's answers says where they came from.
BY_POST = "post"


def slip_questions() -> list[SlipQuestion]:
    """Every question of the check-in that has boxes to tick, in the form's order and words."""
    from roundtable.feedback.forms import CheckInForm

    questions = []
    for field in CheckInForm().fields.values():
        choices = [(str(key), str(words)) for key, words in getattr(field, "choices", []) if key != ""]
        if choices:
            questions.append(SlipQuestion(question=str(field.label), options=choices))
    return questions


def letter_parts(message: Message) -> LetterParts | None:
    """The contact and a reply slip for a check-in's letter, or None for any other message."""
    found = _CHECK_IN.match(message.idempotency_key or "")
    if not found:
        return None
    from roundtable.feedback.models import CheckIn

    check_in = (
        CheckIn.objects.select_related("project__organisation", "project__contact", "meeting")
        .filter(pk=int(found.group(1)))
        .first()
    )
    if check_in is None:
        return None
    organiser = message.organiser if message.organiser_id else None
    parts = LetterParts(contact=contact_for_project(check_in.project, person=organiser))
    enter = reverse("feedback:check_in_for", args=[check_in.project_id, check_in.meeting_id, int(found.group(2))])
    parts.reply_slip = ReplySlip(
        question=_("How did %(meeting)s go for you? Tick one box for each question. Leave out any you like.")
        % {"meeting": check_in.meeting.title},
        options=[],
        questions=slip_questions(),
        comments_prompt=_("Anything else about how you feel? What should we change?"),
        answer_by=date_format(timezone.localtime(check_in.closes_at), "j F Y") if check_in.closes_at else "",
        enter_url=f"{enter}?from={BY_POST}",
    )
    return parts
