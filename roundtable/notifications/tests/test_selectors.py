"""Selectors: what each person sees, and a query count that does not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.notifications.models import Message
from roundtable.notifications.selectors import (
    delivery_status_for,
    inbox_for,
    open_tasks_for,
    unread_count,
)
from roundtable.notifications.services import message_deliver, message_queue
from roundtable.notifications.tests.conftest import make_person

# WhiteNoise warns when STATIC_ROOT has not been built yet (collectstatic); not this app's concern.
pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def send_announcement(recipients, *, announcement: int, organiser, count: int = 1, group: str = "Project A"):
    for n in range(count):
        for person in recipients:
            message = message_queue(
                recipient=person,
                subject=f"News {announcement}.{n}",
                body="Some news.",
                kind="announcement",
                idempotency_key=f"announcement:{announcement}:{n}:user:{person.pk}",
                sender=organiser,
                organiser=organiser,
                group_label=group,
            )
            message_deliver(message_id=message.pk)


def test_inbox_groups_newest_first_and_hides_other_people(partner, outsider, organiser):
    send_announcement([partner], announcement=1, organiser=organiser, group="Short breaks")
    send_announcement([partner], announcement=2, organiser=organiser, group="School transport")
    send_announcement([outsider], announcement=3, organiser=organiser)
    message_queue(
        recipient=partner, subject="Sign in", body="link", kind="sign_in_link", idempotency_key="s", channels=["email"]
    )

    groups = inbox_for(user=partner)

    assert [g.label for g in groups] == ["School transport", "Short breaks"]
    assert [m.subject for g in groups for m in g.messages] == ["News 2.0", "News 1.0"]
    assert unread_count(user=partner) == 2
    assert unread_count(user=outsider) == 1


@pytest.mark.parametrize("count", [3, 30])
def test_inbox_query_count_is_constant(partner, organiser, count, django_assert_num_queries):
    send_announcement([partner], announcement=1, organiser=organiser, count=count)

    with django_assert_num_queries(1):
        groups = inbox_for(user=partner)
        assert sum(len(g.messages) for g in groups) == count
        assert all(str(m.sender) for g in groups for m in g.messages)


@pytest.mark.parametrize("count", [3, 30])
def test_delivery_status_query_count_is_constant(organiser, grace, count, django_assert_num_queries):
    people = [make_person(f"p{n}@example.org", f"Person {n}", ["email"]) for n in range(count - 1)] + [grace]
    send_announcement(people, announcement=7, organiser=organiser)
    send_announcement(people, announcement=70, organiser=organiser)  # must not match "announcement:7:"

    with django_assert_num_queries(3):
        rows = delivery_status_for(idempotency_key_prefix="announcement:7:")
        assert len(rows) == count
        by_name = {row.person_name: row for row in rows}
        assert by_name["Grace Adeyemi"].task.kind == "post"
        assert by_name["Grace Adeyemi"].status_label == "Waiting to be posted"
        assert by_name["Grace Adeyemi"].route == ["Letter by post: Sent"]
        assert not by_name["Grace Adeyemi"].needs_attention  # it is in the letter queue, as she asked
        assert by_name["Person 0"].channel_used == "Email"
        assert by_name["Person 0"].status_label == "Sent"


def test_delivery_status_shows_failures(smtp_down, organiser):
    person = make_person("joe@example.org", "Joe", ["email"])
    message = message_queue(
        recipient=person, subject="Hi", body="Hi", kind="announcement", idempotency_key="announcement:8:1"
    )
    message_deliver(message_id=message.pk)

    [row] = delivery_status_for(idempotency_key_prefix="announcement:8:")
    assert (row.status, row.attempts) == ("retrying", 1)
    assert "Connection" in row.last_error
    assert row.task is None


def test_open_tasks_carry_address_and_large_print(organiser, grace, django_assert_num_queries):
    send_announcement([grace], announcement=1, organiser=organiser, count=3)
    no_profile = make_person(None, "Nobody Known", uses_web=False)
    message = message_queue(
        recipient=no_profile, subject="x", body="y", kind="k", idempotency_key="np", organiser=organiser
    )
    message_deliver(message_id=message.pk)

    with django_assert_num_queries(2):  # the tasks, then the messages each carries
        rows = open_tasks_for(user=organiser)
    # Grace's three letters that day go in one envelope (issue 12), beside the "find a way" task.
    assert len(rows) == 2
    assert [m.subject for m in rows[0].messages] == ["News 1.0", "News 1.1", "News 1.2"]
    assert rows[0].postal_address == "12 Elm Road\nLeeds\nLS1 1AA"
    assert rows[0].large_print
    assert rows[-1].postal_address == ""
    assert rows[-1].task.kind == "no_channel"
    assert open_tasks_for(user=grace) == []


@pytest.mark.parametrize("path", ["notifications:inbox", "notifications:tasks"])
def test_page_query_count_does_not_grow(client, partner, organiser, grace, path):
    client.force_login(organiser)
    counts = []
    for batch in (1, 2):
        send_announcement([organiser, grace], announcement=batch, organiser=organiser, count=3 if batch == 1 else 27)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(path))
        assert response.status_code == 200
        counts.append(len(queries))
    assert Message.objects.filter(recipient=organiser).count() == 30
    assert counts[0] == counts[1]
