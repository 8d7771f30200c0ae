"""When a check-in answer says someone is feeling low (issue 16, "Support"; docs/safety.md).

"Feeling low" has one meaning here: the answer to "How are you feeling?" is 1 ("Bad") or 2 ("Not good")
(``LOW_FEELING``). Nothing else counts: not the other questions, not what anyone wrote, and not a
question passed with "I'd rather not say". Straight after such an answer, the person sees the project's
support contacts and is asked whether they would like the organiser to get in touch. The organiser is
told (a message to the project's contact, through the outbox) only if they say yes. Saying no, or not
answering, tells nobody anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.feedback.models import CheckIn, CheckInAnswer
from roundtable.feedback.tell import project_lead
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.notifications.models import Message

# Answers to "How are you feeling?" that mean "feeling low": 1 "Bad" and 2 "Not good" (forms.FEELING_CHOICES).
LOW_FEELING = 2


def is_low(answer: CheckInAnswer | None) -> bool:
    """True when this check-in answer says the person is feeling low (``feeling`` is 1 or 2)."""
    return answer is not None and answer.feeling is not None and answer.feeling <= LOW_FEELING


def support_key(check_in: CheckIn, person: User) -> str:
    """The outbox key of "please get in touch" for one person and one check-in: told once, however often asked."""
    return f"check_in:{check_in.pk}:get_in_touch:{person.pk}"


@transaction.atomic
def check_in_get_in_touch(*, actor: User, check_in: CheckIn, wants_contact: bool) -> Message | None:
    """The person's answer to "Would you like the organiser to get in touch?" after a low check-in.

    ``wants_contact`` True queues one message to the project's contact (``feedback.tell.project_lead``),
    their way, saying who asked and how to reach them; asking again queues nothing more (one key). False
    does nothing at all: no message, no task, no audit row. Raises ValidationError if ``actor``'s own
    answer to this check-in is not low (``is_low``). Returns the message, or None.
    """
    answer = CheckInAnswer.objects.filter(check_in=check_in, person=actor).first()
    if not is_low(answer):
        raise ValidationError(_("This is only for people who said they are not feeling good."))
    if not wants_contact:
        return None
    project = check_in.meeting.project
    lead = project_lead(project)
    if lead is None or not lead.is_active:
        return None
    profile = getattr(actor, "profile", None)
    phone = (getattr(profile, "phone", "") or "").strip()
    with in_language_of(lead):
        how = []
        if phone:
            how.append(_("phone %(phone)s") % {"phone": phone})
        if actor.email:
            how.append(_("email %(email)s") % {"email": actor.email})
        body = _(
            "%(name)s answered the check-in after %(meeting)s. They said they are not feeling good, and they "
            "asked you to get in touch. Please contact them soon, their way."
        ) % {"name": actor.full_name, "meeting": check_in.meeting.title}
        if how:
            body += "\n\n" + _("You can reach them by: %(how)s.") % {"how": ", ".join(how)}
        body += "\n\n" + _("Only you were told. Please keep it private.")
        message = message_queue(
            recipient=lead,
            organiser=lead,
            organisation_id=project.organisation_id,
            kind="feedback",
            subject=_("%(name)s would like you to get in touch") % {"name": actor.full_name},
            body=body,
            link_url=absolute_url(reverse("projects:project", args=[project.pk])),
            link_text=_("Open the project"),
            group_label=project.title,
            idempotency_key=support_key(check_in, actor),
            urgent=True,
        )
    audit_record(actor=actor, subject=actor, obj=check_in, action="check_in.asked_for_contact")
    return message
