"""A reply to a round-up (several messages in one email, ``notifications.digests``): it lands on the item it
names by reference, or on the only place all items would land; otherwise it waits in the organisation's
"replies to read" and the person is asked which message they answer (issue 17)."""

from __future__ import annotations

from email.message import EmailMessage

from roundtable.feedback.models import Feedback
from roundtable.notifications.delivery import message_deliver
from roundtable.notifications.digests import digest_send
from roundtable.notifications.letter_parts import letter_reference
from roundtable.notifications.models import DeliveryPreference, Message
from roundtable.projects.services import announcement_send
from roundtable.replies.models import InboundReply
from roundtable.replies.services import reply_file_email
from roundtable.replies.tests.conftest import reply_to


def _round_up(people, smtp, *, two_places: bool = True) -> tuple[EmailMessage, list[Message]]:
    """Amira takes a daily round-up; two announcements (or one announcement twice over) wait for it."""
    DeliveryPreference.objects.update_or_create(user=people.partner, defaults={"digest": "daily"})
    first = announcement_send(actor=people.organiser, project=people.project, subject="Room change", body="Room 4")
    if two_places:
        second = announcement_send(actor=people.organiser, project=people.project, subject="Pay day", body="Friday")
    else:
        second = first
    items = list(
        Message.objects.filter(recipient=people.partner, idempotency_key__startswith="announcement:").order_by("id")
    )
    assert {m.status for m in items} == {"held"} and second
    digest = digest_send(user=people.partner, period="2026-03-29")
    assert digest is not None
    message_deliver(message_id=digest.pk)
    [email] = [e for e in smtp.emails if e["To"] == people.partner.email]
    return email, items


def test_a_reply_naming_no_item_waits_for_an_organiser_and_the_person_is_asked(people, smtp):
    email, items = _round_up(people, smtp)
    filed = reply_file_email(raw=reply_to(email, "Yes, that works for me."))
    reply = filed.reply
    assert (reply.status, reply.reason) == (InboundReply.Status.TO_READ, InboundReply.Reason.ROUND_UP)
    assert reply.organisation_id == people.project.organisation_id and not Feedback.objects.exists()
    asked = Message.objects.get(idempotency_key=f"reply:{reply.pk}:which")
    assert asked.recipient == people.partner and asked.kind == "reply_which"
    for item in items:
        assert f"{letter_reference(item.pk)}: {item.subject}" in asked.body
    # Amira answers the question, naming the pay-day message: it lands there.
    message_deliver(message_id=asked.pk)
    [question] = [e for e in smtp.emails if e["Subject"] == "Which message are you answering?"]
    pay_day = items[1]
    filed = reply_file_email(raw=reply_to(question, f"{letter_reference(pay_day.pk)} Yes, that works for me."))
    assert filed.reply.status == InboundReply.Status.LANDED, filed.reply.reason
    feedback = Feedback.objects.get()
    assert feedback.author == people.partner and "Pay day" in feedback.about_label


def test_a_reply_naming_an_item_lands_on_it_straight_away(people, smtp):
    email, items = _round_up(people, smtp)
    room = items[0]
    filed = reply_file_email(raw=reply_to(email, f"About rt {room.pk}: room 4 is fine"))
    assert filed.reply.status == InboundReply.Status.LANDED and filed.reply.message_id == room.pk
    assert "Room change" in Feedback.objects.get().about_label
    assert not Message.objects.filter(kind="reply_which").exists()


def test_a_round_up_whose_items_all_land_in_one_place_lands_there(people, smtp):
    email, items = _round_up(people, smtp, two_places=False)
    assert len(items) == 1
    filed = reply_file_email(raw=reply_to(email, "I will come"))
    assert filed.reply.status == InboundReply.Status.LANDED and filed.reply.message_id == items[0].pk
    assert "Room change" in Feedback.objects.get().about_label
