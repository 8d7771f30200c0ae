"""A reply to a conversation topic's email lands in the topic as the person's own reply (issue 17: "a reply
lands where it belongs: in the conversation topic it answers"), over a real SMTP server and the same command
a mail server's pipe runs; the topic's starter is told through the outbox."""

from __future__ import annotations

from roundtable.conversation.models import Reply
from roundtable.conversation.services import topic_start
from roundtable.notifications.delivery import message_deliver
from roundtable.notifications.models import Message
from roundtable.replies.models import InboundReply
from roundtable.replies.tests.conftest import reply_to
from roundtable.replies.tests.test_email_round_trip import _file


def test_an_email_reply_to_a_topic_lands_in_the_topic(people, smtp):
    topic = topic_start(
        project=people.project, author=people.organiser, title="Bedtime routines", body="What helps at bedtime?"
    )
    message = Message.objects.get(idempotency_key=f"conversation:topic:{topic.pk}:new:{people.partner.pk}")
    message_deliver(message_id=message.pk)
    [email] = [e for e in smtp.emails if e["To"] == people.partner.email]

    _file(reply_to(email, "A warm bath and the same <b>story</b> every night."))

    inbound = InboundReply.objects.get()
    assert inbound.status == InboundReply.Status.LANDED, inbound.reason
    reply = Reply.objects.get(topic=topic)
    assert inbound.landed_as == f"conversation:{reply.pk}"
    assert reply.author == people.partner and reply.channel == "email" and reply.entered_by is None
    assert reply.body == "A warm bath and the same <b>story</b> every night."  # no quote, no signature
    told = Message.objects.filter(
        idempotency_key__startswith=f"conversation:topic:{topic.pk}:replies:", recipient=people.organiser
    )
    assert told.count() == 1


def test_a_reply_to_a_topic_from_someone_who_left_is_kept_aside(people, smtp):
    from roundtable.projects.services import membership_leave

    topic = topic_start(project=people.project, author=people.organiser, title="Bedtime", body="What helps?")
    message = Message.objects.get(idempotency_key=f"conversation:topic:{topic.pk}:new:{people.partner.pk}")
    message_deliver(message_id=message.pk)
    [email] = [e for e in smtp.emails if e["To"] == people.partner.email]
    membership_leave(actor=people.partner, membership=people.project.memberships.get(user=people.partner), reason="")

    _file(reply_to(email, "Still here?"))

    assert InboundReply.objects.get().status == "quarantined"
    assert not Reply.objects.filter(topic=topic).exists()
