"""A fan-out renders its email templates once, and every email is still exactly the one made for its person."""

from __future__ import annotations

import pytest

from roundtable.lib.i18n import in_language_of
from roundtable.notifications.channels import email
from roundtable.notifications.channels.email import render_email
from roundtable.notifications.models import Message
from roundtable.notifications.services import message_queue_many
from roundtable.notifications.tests.conftest import make_person

pytestmark = pytest.mark.django_db


def rendered_for_the_person(message: Message) -> tuple[str, str, str]:
    """The templates rendered for this one message and person, sharing nothing."""
    recipient = message.recipient
    show = recipient.uses_web and message.kind not in email.INBOX_HIDDEN_KINDS
    with in_language_of(recipient):
        return email._render(email._context(message, recipient.short_name, show, []))


def test_each_email_of_a_fan_out_is_the_one_made_for_its_person():
    people = [
        make_person("amira@example.org", "Amira Khan", ["email"], known_as="Amira", uses_web=True),
        make_person("zoe@example.org", "Zoë O'Neil", ["email"], known_as="Zoë <b>&amp;", uses_web=False),
        make_person("bo@example.org", "Bo Li", ["email"], known_as='Bo & "Co"'),
        make_person("amy@example.org", "Amy Khan", ["email"], known_as="Amy"),
    ]
    messages = message_queue_many(
        recipients=people, key_prefix="update:1:", subject="News & <more>", body="See https://example.org\n\nThanks",
        kind="progress_update", link_url="https://example.org/u/1", link_text="Read it", group_label="Our <project>",
    )  # fmt: skip
    email._render_shared.cache_clear()
    made = [render_email(m) for m in messages]
    assert made == [rendered_for_the_person(m) for m in messages]
    assert email._render_shared.cache_info().misses == 2  # shown the inbox link or not: two renders for four
    assert "Hello Zoë &lt;b&gt;&amp;amp;," in made[1][2] and "Hello Zoë <b>&amp;," in made[1][1]
    assert all(email._NAME not in part for parts in made for part in parts)


def test_words_that_hold_the_stand_in_for_the_name_are_rendered_for_the_person():
    person = make_person("amira@example.org", "Amira Khan", ["email"], known_as="Amira")
    [message] = message_queue_many(
        recipients=[person], key_prefix="update:2:", subject="S", body=f"Odd words: {email._NAME}",
        kind="progress_update",
    )  # fmt: skip
    subject, text, html = render_email(message)
    assert (subject, text, html) == rendered_for_the_person(message)
    assert "Hello Amira," in text and f"Odd words: {email._NAME}" in text


def test_a_changed_setting_forgets_the_renders(settings):
    person = make_person("amira@example.org", "Amira Khan", ["email"], known_as="Amira")
    [message] = message_queue_many(
        recipients=[person], key_prefix="update:3:", subject="S", body="B", kind="progress_update"
    )
    render_email(message)
    assert email._render_shared.cache_info().currsize
    settings.SITE_URL = "https://elsewhere.example"
    assert email._render_shared.cache_info().currsize == 0
    assert "https://elsewhere.example/profile/" in render_email(message)[1]
