"""Topics and replies in the conversation are things people told us (issue 17): an organiser can answer them
with "you said, we did", the author is told, and the "waiting for an answer" page lists what nobody answered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.conversation import services
from roundtable.feedback import services as feedback_services
from roundtable.feedback.inputs import InputKind, input_kind, register_input_kind
from roundtable.feedback.models import ResponseLink
from roundtable.meetings.tests.conftest import at
from roundtable.notifications.models import Message
from roundtable.projects.tests.factories import ProjectFactory


def test_the_conversation_registers_topics_and_replies_as_inputs():
    assert input_kind("topic") is not None and input_kind("reply") is not None
    with pytest.raises(ValueError):
        register_input_kind(InputKind("note", "x", lambda p, a: None, str, str, str))  # type: ignore[arg-type]


def test_a_reply_answered_with_you_said_we_did_tells_its_author_and_shows_on_the_list(client, people, topic):
    reply = services.reply_post(topic=topic, author=people.joe, body="The room was too hot.")
    ours = services.reply_post(topic=topic, author=people.organiser, body="Noted, thank you.")
    client.force_login(people.organiser)
    page = client.get(reverse("feedback:response_new", args=[people.project.pk]))
    html = page.content.decode()
    assert f'value="reply:{reply.pk}"' in html and f'value="topic:{topic.pk}"' in html
    assert f'value="reply:{ours.pk}"' not in html  # an organiser's own words are not an input
    assert "Conversation replies" in html and "&lt;script&gt;" in html and "<script>alert" not in html
    response = client.post(
        reverse("feedback:response_new", args=[people.project.pk]),
        {"title": "Cooler room", "outcome": "changed", "what_we_did": "We booked a bigger room.",
         "inputs": [f"reply:{reply.pk}", f"topic:{topic.pk}"]},
    )  # fmt: skip
    assert response.status_code == 302
    links = ResponseLink.objects.order_by("input_kind")
    assert [(link.input_kind, link.input_id) for link in links] == [("reply", reply.pk), ("topic", topic.pk)]
    told = Message.objects.filter(idempotency_key__startswith="response:")
    assert {m.recipient_id for m in told} == {people.joe.pk, people.partner.pk}
    client.force_login(people.partner)
    listing = client.get(reverse("feedback:responses", args=[people.project.pk])).content.decode()
    assert "The room was too hot." in listing and "(a topic in the conversation)" in listing


def test_an_organisers_words_or_another_projects_cannot_be_linked(people, topic):
    ours = services.reply_post(topic=topic, author=people.organiser, body="Ours.")
    for value in (f"reply:{ours.pk}", "reply:999999", "topic:abc", "nothing:1"):
        with pytest.raises(ValidationError):
            feedback_services.response_create(
                actor=people.organiser, project=people.project, title="t", outcome="changed", what_we_did="w",
                inputs=[value],
            )  # fmt: skip
    other = ProjectFactory()
    with pytest.raises(ValidationError):
        feedback_services.response_create(
            actor=other.created_by, project=other, title="t", outcome="changed", what_we_did="w",
            inputs=[f"topic:{topic.pk}"],
        )  # fmt: skip


def test_the_waiting_page_lists_a_partners_reply_nobody_answered(client, people, clock, topic):
    waiting = services.reply_post(topic=topic, author=people.joe, body="Nobody answered me.")
    clock.move_to(at(20, 10))
    client.force_login(people.organiser)
    url = reverse("feedback:unanswered", args=[people.project.pk])
    assert "?kind=reply#waiting" in client.get(url).content.decode()  # the page lists one kind at a time
    html = client.get(url, {"kind": "reply"}).content.decode()
    assert "Nobody answered me." in html and f"reply:{waiting.pk}" in html
    assert "Conversation replies: 1 waiting too long" in html
    services.reply_post(topic=topic, author=people.organiser, body="Sorry, here is the answer.")
    html = client.get(url, {"kind": "reply"}).content.decode()
    assert "Nobody answered me." not in html  # answered in the topic by an organiser
    assert "Conversation replies: 0 waiting too long" in html  # counted afresh, not kept from the last visit


def test_organisers_answer_a_topic_or_reply_from_the_topic_page(client, people, topic):
    reply = services.reply_post(topic=topic, author=people.joe, body="Please start later.")
    url = reverse("conversation:topic", args=[people.project.pk, topic.number]) + "?open=1"
    new = reverse("feedback:response_new", args=[people.project.pk])
    client.force_login(people.organiser)
    html = client.get(url).content.decode()
    assert f"{new}?link=topic:{topic.pk}" in html and f"{new}?link=reply:{reply.pk}" in html
    form = client.get(f"{new}?link=reply:{reply.pk}").content.decode()
    assert f'value="reply:{reply.pk}" checked' in form
    client.force_login(people.partner)
    assert new not in client.get(url).content.decode()
