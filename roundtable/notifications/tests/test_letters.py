"""Letters by post: several messages in one envelope, no web addresses for people without the web,
and a warning before printing when a character cannot be printed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from roundtable.lib.tests.pdf_reading import pdf_tags, pdf_text
from roundtable.notifications.letter_parts import letter_reference, parse_reference
from roundtable.notifications.letters import LetterContent, content_for, render_letters
from roundtable.notifications.models import OrganiserTask
from roundtable.notifications.services import message_deliver, message_queue

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _queue(person, organiser, key, subject, body="", **kwargs):
    return message_queue(
        recipient=person, organiser=organiser, idempotency_key=key, kind="announcement", subject=subject,
        body=body or f"{subject}. Read more at https://roundtable.example.org/projects/1/", **kwargs,
    )  # fmt: skip


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_several_messages_to_one_person_go_in_one_letter(grace, organiser):
    first = _queue(grace, organiser, "a:1", "The meeting has moved", link_url="https://roundtable.example.org/m/1/")
    second = _queue(grace, organiser, "a:2", "Your payment is on its way")
    letter = content_for([first, second])
    pdf = render_letters([letter])
    text = flat(pdf)
    assert text.count("Grace Adeyemi 12 Elm Road") == 1  # one name and address: one envelope
    assert "We have 2 things to tell you" in text
    assert "The meeting has moved" in text and "Your payment is on its way" in text
    assert "http" not in text and "roundtable.example.org" not in text  # Grace does not use the web
    assert letter_reference(first.pk) in text
    assert [s.reference for s in letter.sections] == [letter_reference(first.pk), letter_reference(second.pk)]
    tags = pdf_tags(pdf)
    assert [kind for kind in tags.structure if kind in ("H1", "H2")] == ["H1", "H2", "H2", "H2"]  # + "How to reach us"
    assert [s.reference for s in content_for(first).sections] == [letter_reference(first.pk)]  # always filled


def test_a_person_who_uses_the_web_gets_the_address_whole(organiser, partner):
    message = _queue(partner, organiser, "a:3", "New papers", link_url="https://roundtable.example.org/m/1/")
    text = flat(render_letters([content_for(message)]))
    assert "https://roundtable.example.org/m/1/" in text and "https://roundtable.example.org/projects/1/" in text


def test_letter_references_read_back_however_they_are_typed():
    assert letter_reference(42) == "RT00042"
    assert [parse_reference(t) for t in ("RT00042", "rt 42", " RT-00042 ", "42", "RT", "")] == [
        42,
        42,
        42,
        None,
        None,
        None,
    ]


def test_the_print_queue_warns_before_printing_a_name_that_cannot_be_printed(client, grace, organiser):
    grace.full_name = "Grace \ue000 Adeyemi"
    grace.save()
    message_deliver(message_id=_queue(grace, organiser, "a:4", "Hello").pk)
    assert OrganiserTask.objects.filter(kind="post").count() == 1
    client.force_login(organiser)
    page = client.get(reverse("notifications:letters")).content.decode()
    assert "Some letters in this letter cannot be printed" in page and "U+E000" in page
    # And the letter says how to reply only when the organisation has given a phone and address.
    assert "does not give a phone number and a postal address" in page


def test_no_letters_gives_one_page_saying_so():
    text = flat(render_letters([]))
    assert text.startswith("There are no letters to print.")


def test_the_letter_is_left_aligned_in_large_print_and_says_how_to_reach_us():
    letter = LetterContent(
        name="王小明", greeting_name="小明", address="3 High Street\nBradford\nBD1 1AA", subject="Thank you",
        body="Thank you for coming. " * 20, large_print=True, date_text="2 March 2026", sender_name="Tom Reid",
    )  # fmt: skip
    text = flat(render_letters([letter]))
    assert "王小明" in text and "Dear 小明," in text
    assert "How to reach us" in text and "To ask a question, phone or write to Tom Reid." in text
