"""One envelope, one call: a person's letters or calls on one day travel together.

When the letter or phone channel hands a message to an organiser, it joins the
open task for the same person, organiser, kind and day (Europe/London) if there
is one, so Grace gets one envelope a day and Joe one call a day that gathers
everything pending for him (automatic acknowledgements included). The task's
``bundle_key`` (``"<kind>:<organiser>:<person>:<date>"``, unique) makes this
safe when two workers hand over at once. A bundle closes to newcomers when its
letters are printed (the envelope may be sealed) or when the task is done; a
later message that day starts a new one.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from roundtable.notifications.models import Message, OrganiserTask, TaskStatus


def bundle_key(*, kind: str, organiser_id: int, recipient_id: int | None) -> str:
    """The key of today's bundle (London date) for this person, organiser and kind of task."""
    return f"{kind}:{organiser_id}:{recipient_id or 0}:{timezone.localdate().isoformat()}"


def task_carry(message: Message, *, kind: str, instructions: str, assignee_id: int | None = None) -> OrganiserTask:
    """Put the message into today's letter or call for its person, opening one if needed. Returns the task.

    `assignee_id` is who handles it (``notifications.access.task_assignee_for``); by default the
    message's organiser.

    Idempotent: a message already carried by an open task of this kind stays where it is.
    """
    if message.carried_by_id:
        current = OrganiserTask.objects.filter(pk=message.carried_by_id, kind=kind, status=TaskStatus.OPEN).first()
        if current is not None:
            return current
    if assignee_id is None:
        assignee_id = message.organiser_id
    assert assignee_id is not None, "a task needs someone to do it: pass assignee_id or give the message an organiser"
    key = bundle_key(kind=kind, organiser_id=assignee_id, recipient_id=message.recipient_id)
    with transaction.atomic():
        task = OrganiserTask.objects.filter(bundle_key=key, status=TaskStatus.OPEN).first()
        if task is None:
            try:
                with transaction.atomic():
                    task, _created = OrganiserTask.objects.get_or_create(
                        message=message,
                        kind=kind,
                        defaults={"assignee_id": assignee_id, "instructions": instructions, "bundle_key": key},
                    )
            except IntegrityError:
                # Another worker opened today's bundle this moment: join it.
                task = OrganiserTask.objects.filter(bundle_key=key, status=TaskStatus.OPEN).first()
                if task is None:
                    task, _created = OrganiserTask.objects.get_or_create(
                        message=message,
                        kind=kind,
                        defaults={"assignee_id": assignee_id, "instructions": instructions},
                    )
        Message.objects.filter(pk=message.pk).update(carried_by=task)
    message.carried_by = task
    return task
