"""Availability polls: opening one, answers (by the person or for them), scheduling from an option, closing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.meetings import words
from roundtable.meetings.models import (
    Availability,
    Meeting,
    Poll,
    PollAnswer,
    PollOption,
    Reason,
)
from roundtable.meetings.selectors import invitees
from roundtable.meetings.services.scheduling import (
    _validate_times,
    meeting_create,
)
from roundtable.notifications.services import message_queue, messages_withdraw, project_scope
from roundtable.projects.models import Project

# --- Polls ---------------------------------------------------------------------------------------


@transaction.atomic
def poll_create(
    *, actor: User, project: Project, data: dict[str, Any], options: list[tuple[dt.datetime, dt.datetime]]
) -> Poll:
    """Open an availability poll and ask everyone taking part when they can come."""
    if not options:
        raise ValidationError({"options": _("Add at least one date and time people can choose from.")})
    for start, end in options:
        _validate_times(start, end)
    poll = Poll(project=project, created_by=actor, **data)
    poll.full_clean()
    poll.save()
    seen = set()
    for start, end in sorted(options):
        if (start, end) in seen:
            continue
        seen.add((start, end))
        PollOption.objects.create(project=project, poll=poll, starts_at=start, ends_at=end)
    audit_record(actor=actor, action="meeting.poll_opened", obj=poll, summary=poll.title)
    link = absolute_url(reverse("meetings:poll", args=[project.pk, poll.pk]))
    for person in invitees(project):
        with in_language_of(person.user):
            choices = "\n".join(f"- {words.when(s, e)}" for s, e in sorted(seen))
            message_queue(
                recipient=person.user,
                sender=actor,
                organiser=project.contact or actor,
                organisation_id=project.organisation_id,
                kind="meeting_poll",
                subject=_("When can you come? %(title)s") % {"title": poll.title},
                body=_("We are planning %(title)s. Please tell us which of these times you can make:")
                % {"title": poll.title}
                + f"\n{choices}\n\n"
                + _("We have filled in what your profile says. You can change any answer."),
                link_url=link,
                link_text=_("Say when you can come"),
                group_label=project.title,
                idempotency_key=f"poll:{poll.pk}:opened:{person.user.pk}",
                topic=f"poll:{poll.pk}",
                scope=project_scope(project.pk),
            )
    return poll


@transaction.atomic
def poll_answer(*, actor: User, poll: Poll, person: User, answers: dict[int, tuple[str, str, str]]) -> int:
    """Save a person's answers (option id -> (answer, reason, note)). Saving again replaces them."""
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("This poll is closed. We have chosen a time."))
    by_proxy = actor.pk != person.pk
    option_ids = set(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    saved = 0
    for option_id, (answer, reason, note) in answers.items():
        if option_id not in option_ids or answer not in Availability.values:
            continue
        if reason and reason not in Reason.values:
            reason = Reason.OTHER
        if answer == Availability.YES:
            reason = ""
        PollAnswer.objects.update_or_create(
            option_id=option_id,
            user=person,
            defaults={
                "project_id": poll.project_id,
                "answer": answer,
                "reason": reason,
                "note": note.strip()[:300],
                "answered_by": actor,
            },
        )
        saved += 1
    if by_proxy:
        audit_record(
            actor=actor,
            action="meeting.poll_answered_by_proxy",
            subject=person,
            obj=poll,
            by_proxy=True,
            summary=f"{saved} answer(s)",
        )
    return saved


@transaction.atomic
def poll_schedule(*, actor: User, poll: Poll, option: PollOption, data: dict[str, Any] | None = None) -> Meeting:
    """Book the chosen time: the meeting is made and everyone is told their way. Twice gives the same meeting."""
    locked = Poll.objects.select_for_update(of=("self",)).select_related("project").get(pk=poll.pk)
    if locked.meeting_id:
        assert locked.meeting is not None  # meeting_id checked above
        return locked.meeting
    if locked.status != Poll.Status.OPEN:
        raise ValidationError(_("This poll is closed."))
    if option.poll_id != locked.pk:
        raise PermissionDenied
    fields = {
        "title": locked.title,
        "purpose": locked.purpose,
        "format": locked.format,
        "venue_name": locked.venue_name,
        "starts_at": option.starts_at,
        "ends_at": option.ends_at,
        **(data or {}),
    }
    meeting = meeting_create(actor=actor, project=locked.project, data=fields)
    messages_withdraw(
        topic=f"poll:{locked.pk}",
        reason=_("A time was chosen before they answered: %(when)s.")
        % {"when": words.when(meeting.starts_at, meeting.ends_at)},
        actor=actor,
    )
    locked.meeting = meeting
    locked.status = Poll.Status.SCHEDULED
    locked.save(update_fields=["meeting", "status"])
    return meeting


@transaction.atomic
def poll_close(*, actor: User, poll: Poll) -> Poll:
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    if locked.status == Poll.Status.OPEN:
        locked.status = Poll.Status.CLOSED
        locked.save(update_fields=["status"])
        messages_withdraw(topic=f"poll:{locked.pk}", reason=_("The poll was closed."), actor=actor)
    return locked
