"""Services that are not about sending: task completion, reading, and the app's boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import OrganiserTask
from roundtable.notifications.services import message_deliver, message_mark_read, message_queue, task_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def grace_task(grace, organiser) -> OrganiserTask:
    message = message_queue(
        recipient=grace, subject="News", body="News", kind="announcement", idempotency_key="g", organiser=organiser
    )
    message_deliver(message_id=message.pk)
    return OrganiserTask.objects.get(message=message)


def test_task_complete_is_idempotent(grace_task, organiser):
    first = task_complete(task=grace_task, actor=organiser, outcome="Posted")
    second = task_complete(task=grace_task, actor=organiser, outcome="Posted twice")

    assert first.done_at == second.done_at
    assert second.outcome == "Posted"
    assert AuditEvent.objects.filter(action="notifications.task_done").count() == 1


def test_only_the_assignee_completes_a_task(grace_task, outsider):
    with pytest.raises(PermissionDenied):
        task_complete(task=grace_task, actor=outsider)
    grace_task.refresh_from_db()
    assert grace_task.status == "open"


def test_only_the_recipient_marks_a_message_read(partner, outsider):
    message = message_queue(recipient=partner, subject="a", body="b", kind="k", idempotency_key="k")
    with pytest.raises(PermissionDenied):
        message_mark_read(message=message, user=outsider)
    message_mark_read(message=message, user=partner)
    message.refresh_from_db()
    assert message.read_at is not None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"recipient": None, "to_email": ""},
        {"to_email": "not an email"},
        {"to_email": "a@example.org", "channels": ["pigeon"]},
        {"to_email": "a@example.org", "link_url": "not a url"},
    ],
)
def test_bad_messages_are_refused(kwargs):
    with pytest.raises(ValidationError):
        message_queue(subject="s", body="b", kind="k", idempotency_key="x", **kwargs)


def test_notifications_never_imports_projects():
    app = Path(__file__).resolve().parents[1]
    offenders = [
        str(path.relative_to(app))
        for path in app.rglob("*.py")
        if "roundtable.projects" in path.read_text(encoding="utf-8") and path.name != "test_services.py"
    ]
    assert offenders == []


def test_only_the_email_channel_sends_mail():
    root = Path(__file__).resolve().parents[2]
    senders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "/tests/" not in str(path)
        and any(
            word in path.read_text(encoding="utf-8")
            for word in ("send_mail(", "EmailMultiAlternatives(", "(EmailMultiAlternatives)", "EmailMessage(")
        )
    ]
    assert senders == ["notifications/channels/email.py"]
