"""The delivery report's pages: each page reads only the statuses that reach it, and the pages still give
everyone once, in the list's order (issue 19: an announcement to thousands sorted all of them a page)."""

from __future__ import annotations

import pytest

from roundtable.notifications.models import Message, MessageStatus
from roundtable.notifications.selectors import (
    DELIVERY_PAGE_SIZE,
    STATUS_GROUPS,
    _page_reach,
    delivery_report,
    delivery_status_for,
)
from roundtable.notifications.tests.conftest import make_person
from roundtable.notifications.tests.test_selectors import send_announcement

pytestmark = pytest.mark.django_db

PREFIX = "announcement:5:"


def _rank(status: str) -> int:
    return next((index for index, group in enumerate(STATUS_GROUPS) if status in group), len(STATUS_GROUPS))


def _add(statuses: list[tuple[str, int]]) -> list[Message]:
    """Messages of announcement 5 with no account; addresses run across the statuses, so the list's order
    (problems first, then by address) is not the order they were made in."""
    made = []
    n = 0
    for status, count in statuses:
        for _ in range(count):
            made.append(
                Message(
                    to_email=f"person{(n * 37) % 1000:04}@example.com",
                    kind="announcement",
                    subject="Hello",
                    body="News",
                    idempotency_key=f"{PREFIX}extra-{n:04}",
                    status=status,
                )
            )
            n += 1
    return Message.objects.bulk_create(made)


def _every_page(status: str = "") -> list[str]:
    shown: list[str] = []
    page = 1
    while True:
        rows = delivery_report(idempotency_key_prefix=PREFIX, status=status, page=page).rows
        if not rows:
            return shown
        assert len(rows) <= DELIVERY_PAGE_SIZE
        shown += [row.person_name for row in rows]
        page += 1


def test_pages_that_cross_from_one_group_of_statuses_to_the_next_keep_the_order():
    made = _add(
        [
            (MessageStatus.SENT, 45),
            (MessageStatus.FAILED, 30),
            (MessageStatus.QUEUED, 12),
            (MessageStatus.SENDING, 4),  # in no group: last of all
            (MessageStatus.TASK, 25),
            (MessageStatus.WITHDRAWN, 41),
            (MessageStatus.DELIVERED, 3),
        ]
    )
    expected = [m.to_email for m in sorted(made, key=lambda m: (_rank(m.status), m.to_email, m.pk))]

    assert _every_page() == expected
    # Narrowed to one status, the pages give that status's messages in the same order.
    failed = [m.to_email for m in sorted(made, key=lambda m: (m.to_email, m.pk)) if m.status == MessageStatus.FAILED]
    assert _every_page(MessageStatus.FAILED) == failed


def test_a_page_reaches_only_the_groups_of_statuses_that_overlap_it():
    counts = {"sent": 40, "delivered": 5, "failed": 30, "task": 25, "withdrawn": 10, "sending": 2}
    # Problems (55) cover the first page on their own.
    assert _page_reach(counts, 0, 50) == (("failed", "task"), 0)
    # The second page starts in the problems and ends among the stopped and then the reached.
    assert _page_reach(counts, 50, 50) == (("failed", "task", "withdrawn", "delivered", "sent"), 0)
    # The third starts among the reached (after 55 problems and 10 stopped) and ends with the rest.
    assert _page_reach(counts, 100, 50) == (("delivered", "sent", "sending"), 65)
    assert _page_reach(counts, 200, 50) == ((), 112)
    assert _page_reach({}, 0, 50) == ((), 0)
    assert _page_reach({"sent": 0, "failed": 3}, 0, 50) == (("failed",), 0)


def test_the_page_shows_what_the_full_list_shows_for_each_person(organiser, grace):
    """The hand-written page (its person, round-up and task joined after the page is chosen) gives each
    row what ``delivery_status_for`` gives it."""
    people = [make_person(f"p{n}@example.org", f"Person {n}", ["email"]) for n in range(3)] + [grace]
    send_announcement(people, announcement=5, organiser=organiser)
    digest = Message.objects.create(
        recipient=people[1], kind="digest", subject="Round-up", body="", idempotency_key="digest:1", status="sent"
    )
    Message.objects.filter(recipient=people[1], idempotency_key__startswith=PREFIX).update(
        status=MessageStatus.IN_DIGEST, digest=digest
    )
    Message.objects.filter(recipient=people[2], idempotency_key__startswith=PREFIX).update(
        status=MessageStatus.FAILED, last_error="No such address"
    )

    def shown(row):
        task = (row.task.kind, row.task.status) if row.task else None
        return (row.person_name, row.status_label, row.channel_used, row.last_error, task, row.route, row.fell_back)

    paged = delivery_report(idempotency_key_prefix=PREFIX).rows
    everyone = {row.person_name: shown(row) for row in delivery_status_for(idempotency_key_prefix=PREFIX)}
    assert [shown(row) for row in paged] == [everyone[row.person_name] for row in paged]
    assert [row.person_name for row in paged] == ["Person 2", "Grace Adeyemi", "Person 0", "Person 1"]
    assert shown(paged[1])[4] == ("post", "open")
    assert shown(paged[3])[1] == "In a round-up: Sent"
