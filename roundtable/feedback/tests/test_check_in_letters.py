"""Grace answers a check-in by post: her letter carries a reply slip with every question (the four "how
it felt" questions too), and Tom types her answers in from the slip's reference, by proxy."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.audit.models import AuditEvent
from roundtable.feedback import services
from roundtable.feedback.models import FELT_QUESTIONS, CheckInAnswer
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.letter_parts import letter_reference, parts_for
from roundtable.notifications.letters import _letter_html_context, content_for
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.services import message_deliver
from roundtable.projects import services as project_services
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning"),
]


@pytest.fixture
def clock():
    """A Monday morning in London, so the meeting three hours before and its check-in fall on the same day."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 13, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def grace_and_check_in(clock):
    project = ProjectFactory()
    organiser = project.created_by
    grace = user_create_by_proxy(actor=organiser, full_name="Grace Okafor", postal_address="12 Elm Road\nLeeds")
    profile_update(user=grace, actor=organiser, data={"channels": ["letter"], "formats": ["large_print"]})
    project_services.member_add_by_proxy(actor=organiser, project=project, user=grace)
    project.organisation.phone, project.organisation.postal_address = "0113 496 0000", "1 Hall Road\nNorthfield"
    project.organisation.save()
    meeting = MeetingFactory(
        project=project, created_by=organiser, already_held=True, starts_at=timezone.now() - dt.timedelta(hours=3)
    )
    check_in = services.check_in_open(actor=organiser, meeting=meeting)
    return grace, organiser, check_in


def test_graces_check_in_letter_has_a_reply_slip_with_every_question(grace_and_check_in):
    grace, _organiser, check_in = grace_and_check_in
    message = Message.objects.get(recipient=grace, idempotency_key=f"check_in:{check_in.pk}:user:{grace.pk}")
    message_deliver(message_id=message.pk)
    assert OrganiserTask.objects.filter(message=message, kind="post").exists()
    slip = parts_for(message).reply_slip
    assert slip is not None and slip.enter_url.endswith("?from=post")
    asked = [question.question for question in slip.questions]
    assert asked[:4] == ["I felt heard", "I got the papers in time", "I felt valued", "How are you feeling?"]
    assert all(str(words) in asked for words in dict(FELT_QUESTIONS).values()), asked
    html = render_to_string(
        "notifications/pdf/letters.html",
        {"letters": [_letter_html_context(content_for(message))], "large_print": True},
    )
    text = " ".join(strip_tags(html).split())
    assert "Reply slip" in text and letter_reference(message.pk) in text
    assert "My voice changed things" in text and "Tick one box for each question" in text
    assert "Anything else about how you feel? What should we change?" in text


def test_tom_types_in_graces_answers_from_the_slip_and_they_are_marked_by_proxy(client, grace_and_check_in):
    grace, organiser, check_in = grace_and_check_in
    message = Message.objects.get(recipient=grace, idempotency_key=f"check_in:{check_in.pk}:user:{grace.pk}")
    message_deliver(message_id=message.pk)  # printed and posted
    client.force_login(organiser)
    response = client.get(reverse("notifications:reply_slip"), {"reference": letter_reference(message.pk)})
    enter = reverse("feedback:check_in_for", args=[check_in.project_id, check_in.meeting_id, grace.pk])
    assert response.status_code == 302 and response["Location"] == f"{enter}?from=post"
    page = client.get(response["Location"]).content.decode()
    assert "reply slip they posted back" in page and "My voice changed things" in page
    response = client.post(
        response["Location"],
        {"heard": "4", "valued": "5", "voice_changed": "3", "change_text": "Send papers sooner.", "once_key": "k1"},
    )
    assert response.status_code == 302
    answer = CheckInAnswer.objects.get(check_in=check_in, person=grace)
    assert (answer.heard, answer.valued, answer.voice_changed) == (4, 5, 3)
    assert answer.by_proxy and answer.recorded_by == organiser
    assert AuditEvent.objects.filter(action="check_in.answered", subject=grace, by_proxy=True).exists()


def test_someone_who_does_not_organise_cannot_use_the_slip(client, grace_and_check_in):
    grace, _organiser, check_in = grace_and_check_in
    message = Message.objects.get(recipient=grace, idempotency_key=f"check_in:{check_in.pk}:user:{grace.pk}")
    message_deliver(message_id=message.pk)  # printed and posted
    client.force_login(grace)
    response = client.get(reverse("notifications:reply_slip"), {"reference": letter_reference(message.pk)})
    assert response.status_code in (302, 400, 403, 404)
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code == 404
    assert not CheckInAnswer.objects.filter(person=grace).exists()
