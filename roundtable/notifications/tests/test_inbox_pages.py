"""The inbox shows the newest messages a page at a time (issue 19: it drew the newest 200 at once)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.notifications.models import Message, MessageStatus
from roundtable.notifications.selectors import INBOX_PAGE_SIZE

pytestmark = pytest.mark.django_db


def _messages(person, count: int, start: int = 0) -> None:
    Message.objects.bulk_create(
        [
            Message(
                recipient=person,
                kind="announcement",
                subject=f"News number {n:04}",
                body="Some news.",
                idempotency_key=f"inbox-test:{person.pk}:{n}",
                status=MessageStatus.DELIVERED,
                channel_used="email",
                group_label="Short breaks",
            )
            for n in range(start, start + count)
        ]
    )


def _subjects(html: str) -> list[str]:
    return re.findall(r"News number \d{4}", html)


def test_page_two_shows_the_next_messages(client, partner):
    _messages(partner, INBOX_PAGE_SIZE + 7)
    client.force_login(partner)
    first = client.get(reverse("notifications:inbox")).content.decode()
    second = client.get(reverse("notifications:inbox") + "?page=2").content.decode()
    assert len(_subjects(first)) == INBOX_PAGE_SIZE and len(_subjects(second)) == 7
    assert not set(_subjects(first)) & set(_subjects(second))
    assert 'rel="next"' in first and "Page 2 of 2" in first
    # The count of new messages covers every page, not only the one shown.
    assert f"You have {INBOX_PAGE_SIZE + 7} new messages." in first


@pytest.mark.parametrize("bad", ["?page=0", "?page=abc", "?page=-1", "?page=1e3"])
def test_a_made_up_page_number_shows_the_first_page(client, partner, bad):
    _messages(partner, 3)
    client.force_login(partner)
    response = client.get(reverse("notifications:inbox") + bad)
    assert response.status_code == 200 and len(_subjects(response.content.decode())) == 3


def test_a_page_past_the_last_is_not_found(client, partner):
    _messages(partner, 3)
    client.force_login(partner)
    assert client.get(reverse("notifications:inbox") + "?page=2").status_code == 404


def test_an_empty_inbox_is_a_page_not_an_error(client, partner):
    client.force_login(partner)
    assert client.get(reverse("notifications:inbox")).status_code == 200


def test_the_query_count_does_not_grow_with_the_messages(client, partner):
    client.force_login(partner)
    counts = []
    for more in (3, 120):
        _messages(partner, more, start=len(counts) * 1000)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("notifications:inbox")).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_header_badge_counts_the_new_messages_with_no_query_of_its_own(client, partner):
    _messages(partner, 4)
    first = Message.objects.filter(recipient=partner).order_by("pk").first()
    Message.objects.filter(pk=first.pk).update(read_at=first.created_at)
    client.force_login(partner)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("notifications:inbox")).content.decode()
    assert "You have 3 new messages." in html
    assert re.search(r'<span class="rt-badge">3<span class="govuk-visually-hidden"> new</span></span>', html)
    unread_reads = [q["sql"] for q in captured.captured_queries if "read_at" in q["sql"] and "COUNT" in q["sql"]]
    assert len(unread_reads) == 1  # the inbox's own counts; the badge reuses them


def test_each_message_is_drawn_with_its_mark_link_sender_day_and_way(client, partner, organiser):
    """The markup of an inbox item, new and read, with and without a sender (``inbox_tags.inbox_item``)."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC), tick=False):  # GMT: the same day in London
        unread = Message.objects.create(
            recipient=partner, kind="announcement", subject="Tea & cake", body="x", idempotency_key="i:1",
            status=MessageStatus.SENT, channel_used="email", group_label="Short breaks",
        )  # fmt: skip
        read = Message.objects.create(
            recipient=partner, sender=organiser, kind="announcement", subject="Bus times", body="x",
            idempotency_key="i:2", status=MessageStatus.HELD, group_label="Short breaks",
        )  # fmt: skip
        Message.objects.filter(pk=read.pk).update(read_at=read.created_at)
        client.force_login(partner)
        html = client.get(reverse("notifications:inbox")).content.decode()
    new_item = (
        '<li class="rt-message-list__item rt-message-list__item--new">\n'
        '      <p class="govuk-body govuk-!-margin-bottom-1">\n'
        '        <strong class="govuk-tag govuk-tag--blue">New</strong>\n'
        f'        <a class="govuk-link govuk-!-font-weight-bold" href="/messages/{unread.pk}/">Tea &amp; cake</a>\n'
        "      </p>\n"
        '      <p class="govuk-body-s govuk-!-margin-bottom-0">\n'
        "        Roundtable ·\n"
        '        <time datetime="2026-03-02T23:30:00+00:00">2 March 2026</time> ·\n'
        "        Email\n"
        "      </p>\n"
        "    </li>"
    )
    read_item = (
        '<li class="rt-message-list__item">\n'
        '      <p class="govuk-body govuk-!-margin-bottom-1">\n'
        "        \n"
        f'        <a class="govuk-link" href="/messages/{read.pk}/">Bus times</a>\n'
        "      </p>\n"
        '      <p class="govuk-body-s govuk-!-margin-bottom-0">\n'
        "        Olu Organiser ·\n"
        '        <time datetime="2026-03-02T23:30:00+00:00">2 March 2026</time> ·\n'
        "        In your round-up\n"
        "      </p>\n"
        "    </li>"
    )
    assert new_item in html
    assert read_item in html
