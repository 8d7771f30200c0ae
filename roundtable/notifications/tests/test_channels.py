"""Text, letter and phone: each channel, the fallback chain, and the GOV.UK Notify adapter on a fake server."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail

from roundtable.lib.tests.pdf_reading import pdf_lines, pdf_text
from roundtable.notifications.letters import LetterContent, content_for, render_letters
from roundtable.notifications.models import Delivery, Message, OrganiserTask
from roundtable.notifications.services import message_deliver, message_queue, messages_dispatch_due, task_complete
from roundtable.notifications.tests.conftest import make_person
from roundtable.notifications.text import mobile_number
from roundtable.notifications.text.file import FileProvider, read_texts

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def queue(recipient, key="update:1:1", **kwargs):
    fields = {"subject": "Meeting moved", "body": "The meeting is now on Tuesday at 7pm.", "kind": "announcement"}
    return message_queue(recipient=recipient, idempotency_key=key, **{**fields, **kwargs})


def route(message):
    return list(Delivery.objects.filter(message=message).order_by("id").values_list("channel", "outcome"))


@pytest.fixture
def amira(db):
    return make_person("amira@example.org", "Amira Hassan", ["text", "email"], phone="07700 900461", known_as="Amira")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("07700 900461", "+447700900461"), ("+44 7700 900461", "+447700900461"), ("01632 960555", ""), ("", "")],
)
def test_only_mobiles_get_texts(raw, expected):
    assert mobile_number(raw) == expected


def test_text_goes_through_notify_with_a_signed_token_and_our_reference(notify, amira, organiser):
    message = queue(amira, organiser=organiser, group_label="Better sleep", link_url="https://rt.example/p/1/")

    assert message_deliver(message_id=message.pk) == "sent"

    [text] = notify.texts
    assert text["phone_number"] == "+447700900461"
    assert text["body"].startswith("Roundtable: Better sleep\nMeeting moved\nThe meeting is now on Tuesday")
    assert text["body"].endswith("https://rt.example/p/1/")
    assert re.fullmatch(r"rt-[0-9a-f]{40}", text["reference"])
    message.refresh_from_db()
    assert (message.channel_used, message.provider_ref) == ("text", text["id"])
    assert mail.outbox == []


def test_notify_down_retries_then_sends_once(notify, amira):
    notify.fail_status = 500
    with time_machine.travel(START, tick=False) as clock:
        message = queue(amira)
        assert message_deliver(message_id=message.pk) == "retrying"
        notify.fail_status = None
        clock.shift(dt.timedelta(minutes=1))
        messages_dispatch_due()

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(notify.texts) == 1
    assert route(message) == [("text", "failed"), ("text", "sent")]


def test_notify_refusing_the_number_falls_back_to_email_at_once(notify, organiser):
    person = make_person("p@example.org", "Pat", ["text", "email"], phone="07700 900999")
    notify.fail_status = 400

    message = queue(person)
    assert message_deliver(message_id=message.pk) == "sent"

    message.refresh_from_db()
    assert message.channel_used == "email"
    assert route(message) == [("text", "failed"), ("email", "sent")]
    assert Delivery.objects.get(message=message, channel="text").gave_up
    assert len(mail.outbox) == 1


def test_a_text_a_dead_worker_already_sent_is_found_not_sent_again(notify, amira):
    message = queue(amira)
    message_deliver(message_id=message.pk)
    # As if the worker died after Notify took the text but before we wrote it down.
    Message.objects.filter(pk=message.pk).update(status="retrying", maybe_sent=True, next_attempt_at=None)
    Delivery.objects.filter(message=message).delete()

    assert message_deliver(message_id=message.pk) == "sent"
    assert len(notify.texts) == 1
    message.refresh_from_db()
    assert message.provider_ref == notify.texts[0]["id"]
    assert not message.maybe_sent


def test_wrong_api_key_is_a_failure_that_is_retried(notify, amira, settings):
    settings.NOTIFY_API_KEY = "roundtable_test-" + "0" * 36 + "-" + "1" * 36
    message = queue(amira)
    assert message_deliver(message_id=message.pk) == "retrying"
    assert "403" in Message.objects.get(pk=message.pk).last_error


def test_file_backend_writes_each_text_once(tmp_path, settings, amira):
    settings.TEXT_BACKEND = "file"
    settings.TEXT_FILE_PATH = str(tmp_path)
    message = queue(amira)
    message_deliver(message_id=message.pk)
    FileProvider(tmp_path).send(to="+447700900461", body="again", reference=message.provider_ref or "x")

    texts = read_texts(tmp_path)
    assert [t["to"] for t in texts][:1] == ["+447700900461"]
    assert "Meeting moved" in texts[0]["body"]
    provider = FileProvider(tmp_path)
    first = provider.send(to="+447700900461", body="one", reference="same")
    assert provider.send(to="+447700900461", body="two", reference="same") == first
    assert [t["body"] for t in read_texts(tmp_path) if t["reference"] == "same"] == ["one"]


def test_long_text_is_cut_and_keeps_the_link(texts, amira):
    message = queue(amira, body="word " * 400, link_url="https://rt.example/u/1/")
    message_deliver(message_id=message.pk)
    body = texts[0]["body"]
    assert len(body) <= 612
    assert body.endswith("https://rt.example/u/1/")
    assert "(read it all at the link)" in body


@time_machine.travel(START, tick=False)  # Monday 10am London: inside Grace's 9am to 12pm window
def test_landline_skips_text_and_phone_call_task_has_a_script(organiser, texts):
    grace = make_person(None, "Grace Williams", ["text", "phone"], phone="01632 960555", uses_web=False,
                        contact_from=dt.time(9), contact_until=dt.time(12))  # fmt: skip
    message = queue(grace, organiser=organiser, group_label="Better sleep")
    assert message_deliver(message_id=message.pk) == "to_call"

    assert route(message) == [("text", "skipped"), ("phone", "sent")]
    task = OrganiserTask.objects.get(message=message)
    assert task.kind == "call"
    assert "9am to 12pm" in task.instructions
    assert texts == []


def test_no_answer_on_the_phone_falls_back_then_becomes_a_find_a_way_task(
    organiser, django_capture_on_commit_callbacks
):
    joe = make_person(None, "Joe Bennett", ["phone", "letter"], phone="07700 900782", uses_web=False)
    message = queue(joe, organiser=organiser)
    message_deliver(message_id=message.pk)
    call = OrganiserTask.objects.get(message=message, kind="call")

    with django_capture_on_commit_callbacks(execute=True):
        task_complete(task=call, actor=organiser, result="not_reached", outcome="Rang three times")

    message.refresh_from_db()
    # No address for a letter either: the organiser is asked to find a way. Nobody is skipped.
    assert message.status == "task"
    assert route(message) == [("phone", "sent"), ("phone", "failed"), ("letter", "skipped")]
    last = OrganiserTask.objects.get(message=message, kind="no_channel")
    assert "Rang three times" in last.instructions
    assert "No postal address" in last.instructions


def test_calls_and_letters_finish_as_called_and_posted(organiser, grace):
    letter = queue(grace, key="l", organiser=organiser)
    message_deliver(message_id=letter.pk)
    task_complete(task=OrganiserTask.objects.get(message=letter), actor=organiser, result="posted")
    letter.refresh_from_db()
    assert (letter.status, letter.channel_used) == ("posted", "letter")

    joe = make_person(None, "Joe", ["phone"], phone="07700 900782")
    call = queue(joe, key="c", organiser=organiser)
    message_deliver(message_id=call.pk)
    task_complete(task=OrganiserTask.objects.get(message=call), actor=organiser, result="spoke")
    call.refresh_from_db()
    assert (call.status, call.channel_used) == ("called", "phone")


def test_letter_pdf_prints_names_in_any_script_and_large_print():
    # Read back with pdftotext (was: fpdf2's content streams; the letters are WeasyPrint HTML now).
    letter = LetterContent(
        name="Łucja Nowak", greeting_name="Łucja", address="1 Mill Lane\nNorthfield", subject="What we found",
        body="Thank you.\n\nعائشة and 王小明 helped.", large_print=True, date_text="2 March 2026",
    )  # fmt: skip
    pdf = render_letters([letter])
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Łucja Nowak" in text and "عائشة" in text and "王小明" in text
    small = render_letters([LetterContent(**{**letter.__dict__, "large_print": False})])
    [big_line] = [line for line in pdf_lines(pdf) if line.text == "Thank you."]
    [small_line] = [line for line in pdf_lines(small) if line.text == "Thank you."]
    assert big_line.height / small_line.height == pytest.approx(18 / 12, rel=0.05)  # 18 point, not 12


def test_letter_content_comes_from_the_message_and_profile(grace, organiser):
    message = queue(grace, organiser=organiser, easy_read_url="https://rt.example/easy.pdf", group_label="Sleep")
    content = content_for(message)
    assert content.address == "12 Elm Road\nLeeds\nLS1 1AA"
    assert content.large_print
    assert content.sender_name == "Olu Organiser"
    assert content.easy_read_url
