"""The inbox shows the newest messages a page at a time (issue 19: it drew the newest 200 at once)."""

from __future__ import annotations

import re

import pytest
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
