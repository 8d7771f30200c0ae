"""The weekly round-up's HTML part is real HTML (issue 12): a heading per project, a list of messages,
and every web address a link. Before, it was the plain text pasted in: capitals for projects,
literal "*" bullets, and an unlinked address running off a phone screen.

Sent through a real SMTP server; the HTML is read back with the standard library's HTML parser.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings

from roundtable.notifications.models import Message
from roundtable.notifications.services import digests_send_due, message_deliver, message_queue, preference_set

LONDON = ZoneInfo("Europe/London")
LONG_ADDRESS = (
    "https://www.northfield.example.org/research/better-sleep/papers/study-outline-easy-read-version-2026-03.pdf"
)


class Outline(HTMLParser):
    """Headings, list items, links and the visible text of an HTML email."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.h2: list[str] = []
        self.h3: list[str] = []
        self.li = 0
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag == "li":
            self.li += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self.stack and self.stack[-1] in ("h2", "h3"):
            getattr(self, self.stack[-1]).append(data.strip())
        self.text.append(data)


def make_round_up(partner, organiser) -> Message:
    """Three messages in two projects, held for a Friday round-up, then put together at 7am on Friday."""
    preference_set(user=partner, actor=partner, digest="weekly", digest_day="fri")
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), tick=False) as clock:
        for key, subject, body, label in (
            ("a", "Papers are ready", f"Read the study outline here: {LONG_ADDRESS}", "Better sleep"),
            ("b", "Workshop 2 moved", "It is now on Thursday 12 March at 8pm.", "Short breaks"),
            ("c", "Thank you", "Thank you for coming on Tuesday.", "Better sleep"),
        ):
            message_queue(
                recipient=partner, subject=subject, body=body, kind="announcement", idempotency_key=key,
                group_label=label, organiser=organiser, link_url="https://roundtable.example.org/projects/1/",
                link_text="Open the project",
            )  # fmt: skip
        clock.move_to(dt.datetime(2026, 3, 6, 7, 0, tzinfo=LONDON))
        assert digests_send_due() == 1
    return Message.objects.get(kind="digest")


@override_settings(SITE_URL="https://roundtable.example.org")
def test_the_round_up_email_is_real_html(smtp, partner, organiser):
    digest = make_round_up(partner, organiser)
    assert message_deliver(message_id=digest.pk) == "sent"
    (email,) = smtp.emails
    html = email.get_body(("html",)).get_content()
    outline = Outline()
    outline.feed(html)
    assert outline.h2 == ["Better sleep", "Short breaks"]  # a heading per project, not "BETTER SLEEP"
    assert outline.h3 == ["Papers are ready", "Thank you", "Workshop 2 moved"]
    assert outline.li == 3  # a real list, not "*" bullets
    assert LONG_ADDRESS in outline.links  # the address is a link
    visible = "".join(outline.text)
    assert "BETTER SLEEP" not in visible and "* " not in visible
    assert "overflow-wrap:anywhere" in html  # long addresses wrap instead of running off the screen
    # The plain text part still reads as text.
    assert "Papers are ready" in email.get_body(("plain",)).get_content()


def test_any_email_links_the_addresses_in_its_words(smtp, partner):
    message = message_queue(
        recipient=partner, subject="Papers", body=f"Read it at {LONG_ADDRESS} please.", kind="announcement",
        idempotency_key="one",
    )  # fmt: skip
    assert message_deliver(message_id=message.pk) == "sent"
    html = smtp.emails[0].get_body(("html",)).get_content()
    outline = Outline()
    outline.feed(html)
    assert LONG_ADDRESS in outline.links
