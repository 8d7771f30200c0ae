"""The conversation's services: who is told and how (Joe's call, Grace's letter and its reply slip), not
flooding (one message a topic a person a day), idempotent keys, the reply_post contract inbound replies
rely on, and finding a topic from a message or a reference."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from roundtable.audit.models import AuditEvent
from roundtable.conversation import selectors, services
from roundtable.conversation.models import Reply
from roundtable.conversation.tests.factories import TopicFactory
from roundtable.notifications.letter_parts import letter_reference
from roundtable.notifications.letters import _letter_html_context, content_for
from roundtable.notifications.models import DeliveryPreference, Message, OrganiserTask
from roundtable.notifications.services import message_deliver

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def _new_topic_message(person, topic):
    return Message.objects.get(recipient=person, idempotency_key=f"conversation:topic:{topic.pk}:new:{person.pk}")


def test_joe_gets_a_call_task_with_the_topic_to_read_out(people, topic):
    people.joe.profile.phone = "07700 900782"
    people.joe.profile.save()
    message = _new_topic_message(people.joe, topic)
    assert message.topic == topic.message_topic == f"conversation:topic:{topic.pk}"
    message_deliver(message_id=message.pk)
    task = OrganiserTask.objects.get(message=message, kind="call")
    assert task.assignee == people.organiser
    assert topic.title[:20] in message.body and "Can we meet after 8pm?" in message.body
    assert topic.reference in message.body


def test_graces_letter_carries_the_topic_and_a_reply_slip_that_posts_her_reply(client, people, topic, grace):
    topic = TopicFactory(project=people.project, started_by=people.partner, title="Bus times to the hall")
    message = _new_topic_message(grace, topic)
    message_deliver(message_id=message.pk)
    assert OrganiserTask.objects.filter(message=message, kind="post").exists()
    reference = letter_reference(message.pk)
    html = render_to_string(
        "notifications/pdf/letters.html", {"letters": [_letter_html_context(content_for(message))], "large_print": True}
    )
    text = " ".join(strip_tags(html).split())
    assert "Bus times to the hall" in text and "Reply slip" in text and "Your reply:" in text and reference in text
    client.force_login(people.organiser)
    url = reverse("notifications:reply_slip")
    response = client.post(url, {"reference": reference, "comments": ""})
    assert response.status_code == 400 and not Reply.objects.exists()
    response = client.post(url, {"reference": reference, "comments": "The number 12 stops outside."})
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.author, reply.channel, reply.entered_by, reply.body) == (
        grace, "post", people.organiser, "The number 12 stops outside.")  # fmt: skip
    assert AuditEvent.objects.filter(action="conversation.reply_posted", subject=grace, by_proxy=True).exists()


def test_replies_tell_participants_once_a_day_and_never_the_author(people, topic, clock):
    services.reply_post(topic=topic, author=people.joe, body="Me too")
    services.reply_post(topic=topic, author=people.organiser, body="Noted")
    services.reply_post(topic=topic, author=people.joe, body="Thanks")
    replies = Message.objects.filter(kind="conversation_reply")
    # Amira started it; Joe and Tom (the project's contact: its creator) replied. Dr Lee never took part.
    assert sorted(replies.values_list("recipient_id", flat=True)) == sorted(
        [people.partner.pk, people.organiser.pk, people.joe.pk])  # fmt: skip
    assert "Me too" in replies.get(recipient=people.partner).body
    clock.shift(dt.timedelta(days=1))
    services.reply_post(topic=topic, author=people.joe, body="Next day")
    assert replies.filter(recipient=people.partner).count() == 2
    assert not replies.filter(recipient=people.professional).exists()


def test_new_topics_reach_every_member_once_and_wait_for_a_round_up_when_asked(people):
    DeliveryPreference.objects.create(user=people.joe, digest="daily")
    topic = TopicFactory(project=people.project, started_by=people.partner)
    told = Message.objects.filter(kind="conversation_topic")
    assert set(told.values_list("recipient_id", flat=True)) == {
        people.joe.pk, people.professional.pk, people.organiser.pk}  # fmt: skip
    assert told.get(recipient=people.joe).status == "held"
    assert not told.filter(recipient__in=[people.outsider, people.finance, people.partner]).exists()
    before = told.count()
    services._send(
        project=people.project, people=[people.joe], key_prefix=f"{topic.message_topic}:new:",
        kind="conversation_topic", words=lambda: ("again", "again"), topic=topic, sender=None,
        organiser=people.organiser, link="", link_text=lambda: "x",
    )  # fmt: skip
    assert told.count() == before


def test_reply_post_is_the_contract_inbound_replies_use(people, topic):
    reply = services.reply_post(topic=topic, author=people.joe, body="  By email\r\nthanks  ", channel="email")
    assert isinstance(reply, Reply) and reply.body == "By email\nthanks" and reply.channel == "email"
    reply = services.reply_post(
        topic=topic, author=people.joe, body="Said on the phone", channel="phone", entered_by=people.organiser
    )
    assert reply.by_proxy and reply.entered_by == people.organiser
    for bad in [
        dict(author=people.outsider, body="Hello"),
        dict(author=people.joe, body="Hi", channel="pigeon"),
        dict(author=people.joe, body="Hi", channel="post"),
        dict(author=people.joe, body="Hi", channel="post", entered_by=people.finance),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.reply_post(topic=topic, **bad)
        assert caught.value.messages and not hasattr(caught.value, "error_dict")
    for body in ["", " \n ", "x" * 4001]:
        with pytest.raises(ValidationError) as caught:
            services.reply_post(topic=topic, author=people.joe, body=body)
        assert "body" in caught.value.message_dict
    topic.refresh_from_db()
    assert topic.reply_count == 2


def test_a_topic_is_found_from_its_messages_and_its_reference(people, topic):
    message = _new_topic_message(people.joe, topic)
    assert selectors.topic_for_message_topic(message.topic) == topic
    assert selectors.topic_for_reference(f" t{topic.pk} ") == topic == selectors.topic_for_reference(topic.reference)
    assert selectors.topic_for_message_topic("meeting:1:notice") is None
    assert selectors.topic_for_reference("RT00042") is None and selectors.topic_for_reference("T") is None


def test_topics_are_numbered_in_their_project(people):
    first = TopicFactory(project=people.project, started_by=people.partner)
    second = TopicFactory(project=people.project, started_by=people.organiser)
    assert (first.number, second.number) == (1, 2) and first.reference == f"T{first.pk}"


def test_hiding_a_reply_withdraws_the_messages_quoting_it_that_have_not_gone(people, topic):
    DeliveryPreference.objects.create(user=people.partner, digest="daily")
    reply = services.reply_post(topic=topic, author=people.joe, body="Max Green at 14 Elm Road")
    held = Message.objects.get(recipient=people.partner, kind="conversation_reply")
    assert held.status == "held" and held.topic == f"conversation:topic:{topic.pk}:reply:{reply.pk}"
    assert selectors.topic_for_message_topic(held.topic) == topic
    services.reply_hide(actor=people.organiser, reply=reply, reason="It named a child.")
    held.refresh_from_db()
    assert held.status == "withdrawn" and "reply was hidden" in held.stop_reason
    assert Message.objects.get(kind="conversation_hidden").status != "withdrawn"
