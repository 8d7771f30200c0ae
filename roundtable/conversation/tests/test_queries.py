"""Query counts of the conversation pages, pinned: the same at 10 topics and 500, at 10 replies and 1,000."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roundtable.conversation.models import Reply, Topic
from roundtable.conversation.tests.factories import SCRIPT

TOPICS_PAGE_QUERIES = 9  # with the agreed ground rules
TOPIC_PAGE_QUERIES = 10  # with the agreed ground rules
SINCE_QUERIES = 7


def _topics(project, author, n):
    now = timezone.now()
    start = Topic.objects.filter(project=project).count()
    return Topic.objects.bulk_create(
        [
            Topic(project=project, number=start + i + 1, title=f"Topic {i} {SCRIPT}", body="Body", started_by=author,
                  last_active_at=now - dt.timedelta(minutes=i))
            for i in range(n)
        ]
    )  # fmt: skip


def _replies(topic, authors, n, hidden_by=None):
    rows = Reply.objects.bulk_create(
        [
            Reply(topic=topic, project=topic.project, author=authors[i % len(authors)], body=f"Reply {i} {SCRIPT}",
                  entered_by=hidden_by if i % 7 == 0 else None, channel="phone" if i % 7 == 0 else "web",
                  hidden_at=timezone.now() if hidden_by and i % 11 == 0 else None,
                  hidden_by=hidden_by if i % 11 == 0 else None, hidden_reason="Kindness" if i % 11 == 0 else "")
            for i in range(n)
        ]
    )  # fmt: skip
    Topic.objects.filter(pk=topic.pk).update(reply_count=n)
    return rows


def _count(client, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("who", ["partner", "organiser"])
def test_the_topics_page_costs_the_same_at_500_topics(client, people, who):
    client.force_login(getattr(people, who))
    url = reverse("conversation:topics", args=[people.project.pk])
    _topics(people.project, people.partner, 10)
    small, _response = _count(client, url)
    _topics(people.project, people.joe, 490)
    big, response = _count(client, url)
    assert small == big == TOPICS_PAGE_QUERIES
    assert "<script>alert" not in response.content.decode()
    last, _response = _count(client, url, {"page": 17})
    assert last == TOPICS_PAGE_QUERIES


@pytest.mark.parametrize("who", ["partner", "organiser"])
def test_a_topic_with_1000_replies_costs_the_same_on_every_page(client, people, who):
    client.force_login(getattr(people, who))
    [topic] = _topics(people.project, people.partner, 1)
    url = reverse("conversation:topic", args=[people.project.pk, topic.number])
    cast = [people.partner, people.joe, people.organiser, people.professional]
    _replies(topic, cast, 10, hidden_by=people.organiser)
    small, _response = _count(client, url)
    Reply.objects.filter(topic=topic).delete()
    _replies(topic, cast, 1000, hidden_by=people.organiser)
    first, _response = _count(client, url)
    last, response = _count(client, url, {"page": 20})
    assert small == first == last == TOPIC_PAGE_QUERIES
    html = response.content.decode()
    assert "Reply 999" in html and "Reply 949 " not in html and "Page 20 of 20" in html
    assert "<script>alert" not in html and "Hidden by" in html
    since, _response = _count(client, reverse("conversation:since", args=[people.project.pk, topic.number]),
                              {"after": 0})  # fmt: skip
    assert since == SINCE_QUERIES
