"""The delivery page of an announcement: counts first, problems at the top, one page of people at a time
(issue 19: the page for 474 members rendered every one)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.notifications.models import Message, MessageStatus
from roundtable.notifications.selectors import DELIVERY_PAGE_SIZE, delivery_report
from roundtable.projects import services

pytestmark = pytest.mark.django_db


def _announce(people):
    return services.announcement_send(actor=people.organiser, project=people.project, subject="Hello", body="News")


def _add_messages(item, count: int, *, status=MessageStatus.SENT, start: int = 0, channel: str = "email") -> None:
    """``count`` more messages of this announcement to people with no account, named "Person 0001" and so on."""
    Message.objects.bulk_create(
        [
            Message(
                to_email=f"person{n:04}@example.com",
                kind="announcement",
                subject="Hello",
                body="News",
                idempotency_key=f"announcement:{item.pk}:extra-{n:04}",
                status=status,
                channel_used=channel if status == MessageStatus.SENT else "",
            )
            for n in range(start, start + count)
        ]
    )


def _emails_on(html: str) -> list[str]:
    return re.findall(r"person\d{4}@example\.com", html)


def _page(client, people, item, query: str = "") -> tuple[int, str]:
    url = reverse("projects:announcement", args=[people.project.pk, item.pk])
    response = client.get(f"{url}{query}")
    return response.status_code, unescape(response.content.decode())


def test_page_two_shows_the_next_people(client, people):
    item = _announce(people)
    _add_messages(item, DELIVERY_PAGE_SIZE + 10)
    client.force_login(people.organiser)
    status, first = _page(client, people, item)
    assert status == 200
    status, second = _page(client, people, item, "?page=2")
    assert status == 200
    on_first, on_second = _emails_on(first), _emails_on(second)
    assert on_first and on_second
    assert not set(on_first) & set(on_second)
    # Every message is on one page or the other: the fixture's members plus the ones added here.
    total = Message.objects.filter(idempotency_key__startswith=f"announcement:{item.pk}:").count()
    assert len(on_first) + len(on_second) == DELIVERY_PAGE_SIZE + 10
    assert f"of {total}" in first
    assert 'href="?page=2"' in first and 'rel="next"' in first
    assert "Page 2 of 2" in first
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize("bad", ["?page=0", "?page=-3", "?page=x", "?page=", "?page=1.5", "?page=99999999999"])
def test_a_made_up_page_number_gives_the_first_page(client, people, bad):
    item = _announce(people)
    _add_messages(item, DELIVERY_PAGE_SIZE + 5)
    client.force_login(people.organiser)
    status, html = _page(client, people, item, bad)
    assert status == 200
    assert _emails_on(html) == _emails_on(_page(client, people, item)[1])


def test_a_page_past_the_last_is_not_found(client, people):
    item = _announce(people)
    client.force_login(people.organiser)
    assert _page(client, people, item, "?page=2")[0] == 404
    assert _page(client, people, item, "?page=1")[0] == 200


def test_problems_come_first_and_the_counts_cover_everyone(client, people):
    item = _announce(people)
    _add_messages(item, DELIVERY_PAGE_SIZE + 20)
    _add_messages(item, 3, status=MessageStatus.FAILED, start=9000)
    client.force_login(people.organiser)
    status, html = _page(client, people, item)
    assert status == 200
    # The three that could not be sent sort last by name but are shown first.
    assert _emails_on(html)[:3] == ["person9000@example.com", "person9001@example.com", "person9002@example.com"]
    assert "3 people have not got it yet and need you" in html
    assert re.search(r"Could not send</a>: <strong>3</strong>", html)
    assert re.search(rf"Email: <strong>{DELIVERY_PAGE_SIZE + 20}</strong>", html)


def test_the_list_can_be_narrowed_to_one_status_and_the_pager_keeps_it(client, people):
    item = _announce(people)
    _add_messages(item, 5)
    _add_messages(item, DELIVERY_PAGE_SIZE + 1, status=MessageStatus.FAILED, start=1000)
    client.force_login(people.organiser)
    status, html = _page(client, people, item, "?status=failed")
    assert status == 200
    shown = _emails_on(html)
    assert len(shown) == DELIVERY_PAGE_SIZE and all(email >= "person1000" for email in shown)
    assert 'href="?status=failed&amp;page=2"' in html or 'href="?status=failed&page=2"' in html
    status, second = _page(client, people, item, "?status=failed&page=2")
    assert _emails_on(second) == ["person1050@example.com"]
    # A status that does not exist shows everyone, not an error.
    assert _page(client, people, item, "?status=nonsense")[0] == 200


def test_the_query_count_does_not_grow_with_the_people(client, people):
    item = _announce(people)
    client.force_login(people.organiser)
    url = reverse("projects:announcement", args=[people.project.pk, item.pk])
    client.get(url)
    counts = []
    for more in (5, 200):
        _add_messages(item, more, start=len(counts) * 1000)
        _add_messages(item, 2, status=MessageStatus.FAILED, start=5000 + len(counts) * 1000)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_report_counts_by_status_and_channel(people):
    item = _announce(people)
    _add_messages(item, 4)
    _add_messages(item, 2, status=MessageStatus.FAILED, start=100)
    report = delivery_report(idempotency_key_prefix=f"announcement:{item.pk}:extra-")
    assert report.total == 6 and report.problems == 2 and report.shown == 6
    assert [(line.status, line.count) for line in report.by_status] == [("failed", 2), ("sent", 4)]
    assert report.by_channel == [("Email", 4)]
    assert [row.person_name for row in report.rows][:2] == ["person0100@example.com", "person0101@example.com"]
    assert delivery_report(idempotency_key_prefix=f"announcement:{item.pk}:extra-", page=2).rows == []


def test_each_row_is_drawn_with_the_person_status_way_and_tries(client, people):
    item = _announce(people)
    _add_messages(item, 1, status=MessageStatus.FAILED, start=9000)
    client.force_login(people.organiser)
    url = reverse("projects:announcement", args=[people.project.pk, item.pk])
    html = client.get(url).content.decode()
    assert (
        '  <tr class="govuk-table__row">\n'
        '    <td class="govuk-table__cell">person9000@example.com</td>\n'
        '    <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Could not send</strong>\n</td>\n'
        '    <td class="govuk-table__cell">–\n</td>\n'
        '    <td class="govuk-table__cell">0</td>\n'
        "  </tr>\n"
    ) in html
