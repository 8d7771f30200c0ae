"""Pages: the inbox and an organiser's tasks, with who may see what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.services import message_deliver, message_queue

# WhiteNoise warns when STATIC_ROOT has not been built yet (collectstatic); not this app's concern.
pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def delivered(recipient, *, key: str, organiser=None, **kwargs) -> Message:
    fields = {"subject": "Meeting moved", "body": "The meeting is now on Tuesday.", "kind": "announcement"}
    message = message_queue(recipient=recipient, idempotency_key=key, organiser=organiser, **{**fields, **kwargs})
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    return message


def test_inbox_needs_sign_in(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302


def test_inbox_lists_messages_and_marks_new_ones(client, partner, organiser):
    delivered(partner, key="a", sender=organiser, group_label="Short breaks review")
    client.force_login(partner)

    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Short breaks review" in html
    assert "Meeting moved" in html
    assert "New" in html


def test_opening_a_message_marks_it_read(client, partner):
    message = delivered(partner, key="a", link_url="https://roundtable.example/p/1/", link_text="See the project")
    client.force_login(partner)

    response = client.get(reverse("notifications:message_detail", args=[message.pk]))

    assert response.status_code == 200
    assert "The meeting is now on Tuesday." in response.content.decode()
    assert 'href="https://roundtable.example/p/1/"' in response.content.decode()
    message.refresh_from_db()
    assert message.read_at is not None
    first_read = message.read_at
    client.get(reverse("notifications:message_detail", args=[message.pk]))
    message.refresh_from_db()
    assert message.read_at == first_read


def test_someone_elses_message_is_not_found(client, partner, outsider):
    message = delivered(partner, key="a")
    client.force_login(outsider)

    response = client.get(reverse("notifications:message_detail", args=[message.pk]))

    assert response.status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_sign_in_links_do_not_open_in_the_inbox(client, partner):
    message = delivered(partner, key="s", kind="sign_in_link", channels=["email"])
    client.force_login(partner)
    assert client.get(reverse("notifications:message_detail", args=[message.pk])).status_code == 404


def test_letter_queue_shows_what_to_post_and_where(client, organiser, grace):
    delivered(grace, key="g", organiser=organiser, subject="Meeting on Tuesday")
    client.force_login(organiser)

    response = client.get(reverse("notifications:letters"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Grace Adeyemi" in html
    assert "12 Elm Road<br>Leeds<br>LS1 1AA" in html
    assert "Large print" in html
    assert "Meeting on Tuesday" in html


def test_tasks_are_only_for_their_organiser(client, organiser, grace, outsider):
    message = delivered(grace, key="g", organiser=organiser)
    task = OrganiserTask.objects.get(message=message)
    client.force_login(outsider)

    assert "Grace Adeyemi" not in client.get(reverse("notifications:letters")).content.decode()
    response = client.post(
        reverse("notifications:task_done", args=[task.pk]),
        {f"task-{task.pk}-outcome": "x", f"task-{task.pk}-result": "posted"},
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_marking_a_task_done_twice_counts_once(client, organiser, grace):
    message = delivered(grace, key="g", organiser=organiser)
    task = OrganiserTask.objects.get(message=message)
    client.force_login(organiser)
    url = reverse("notifications:task_done", args=[task.pk])

    response = client.post(url, {f"task-{task.pk}-outcome": "Posted on Monday", f"task-{task.pk}-result": "posted"})
    assert response.status_code == 302
    client.post(url, {f"task-{task.pk}-outcome": "Posted again?", f"task-{task.pk}-result": "posted"})

    task.refresh_from_db()
    message.refresh_from_db()
    assert (task.status, task.outcome, task.done_by) == ("done", "Posted on Monday", organiser)
    assert (message.status, message.channel_used) == ("posted", "letter")
    assert AuditEvent.objects.filter(action="notifications.task_done").count() == 1
    event = AuditEvent.objects.get(action="notifications.task_done")
    assert (event.actor, event.subject) == (organiser, grace)
    assert "Grace Adeyemi" not in client.get(reverse("notifications:letters")).content.decode()


def test_too_long_outcome_keeps_the_task_open_and_says_why(client, organiser, grace):
    message = delivered(grace, key="g", organiser=organiser)
    task = OrganiserTask.objects.get(message=message)
    client.force_login(organiser)

    response = client.post(
        reverse("notifications:task_done", args=[task.pk]),
        {f"task-{task.pk}-outcome": "x" * 2001, f"task-{task.pk}-result": "posted"},
    )

    assert response.status_code == 400
    assert "This is 1 character too long. Please cut it to 2,000 or fewer." in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open"
