"""Issue 12: after Joe and Amira leave a project, its calls and texts to them do not go out.

Their pending messages about the project end when they leave or are removed, except those meant
for leavers (the outcome) and those about their own pay, statement or certificate (no project scope).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.accounts.models import CommunicationProfile
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.selectors import call_tasks_for, delivery_status_for
from roundtable.notifications.services import message_deliver, message_queue, project_scope
from roundtable.projects import services
from roundtable.projects.models import Membership
from roundtable.projects.tests.conftest import make_person

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]
MONDAY_10AM = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def world(people):
    with time_machine.travel(MONDAY_10AM, tick=False):
        CommunicationProfile.objects.filter(user=people.partner).update(
            phone="07700 900461", contact_from=dt.time(20), contact_until=dt.time(22, 30)
        )
        people.joe = make_person("joe@example.com", "Joe Bennett", channels=["phone"], phone="07700 900782")
        services.member_add_by_proxy(actor=people.organiser, project=people.project, user=people.joe)
        for n in range(3):
            services.announcement_send(
                actor=people.organiser, project=people.project, subject=f"News {n}", body="Some news."
            )
        for person in (people.partner, people.joe):
            message_queue(
                recipient=person, organiser=people.organiser, kind="outcome", subject="What we found",
                body="Thank you.", idempotency_key=f"outcome:1:{person.pk}",
                scope=project_scope(people.project.pk), for_leavers=True,
            )  # fmt: skip
            message_queue(
                recipient=person, organiser=people.organiser, kind="payment_paid", subject="You have been paid",
                body="£25.00", idempotency_key=f"paid:1:{person.pk}",
            )  # fmt: skip
        for pk in Message.objects.filter(status="queued").values_list("pk", flat=True):
            message_deliver(message_id=pk)
    return people


def membership(people, person) -> Membership:
    return Membership.objects.get(project=people.project, user=person)


def test_leaving_or_being_removed_ends_pending_project_messages_but_not_the_outcome_or_pay(world):
    assert Message.objects.filter(recipient=world.partner, status="waiting").count() == 5
    assert [len(row.messages) for row in call_tasks_for(user=world.organiser)] == [5]  # one call for the day

    with time_machine.travel(MONDAY_10AM, tick=False):
        services.membership_leave(actor=world.partner, membership=membership(world, world.partner))
        services.membership_remove(actor=world.organiser, membership=membership(world, world.joe), reason="Asked")

    amira = dict(
        Message.objects.filter(recipient=world.partner).exclude(kind="invitation").values_list("kind", "status")
    )
    assert amira == {"announcement": "withdrawn", "outcome": "waiting", "payment_paid": "waiting"}
    assert set(
        Message.objects.filter(recipient=world.partner, kind="announcement").values_list("status", flat=True)
    ) == {"withdrawn"}
    row = call_tasks_for(user=world.organiser)[0]
    assert sorted(m.kind for m in row.messages) == ["outcome", "payment_paid"]
    assert {m.stop_reason for m in row.withdrawn} == {"They were taken off the project on 2 March 2026."}
    rows = delivery_status_for(idempotency_key_prefix="announcement:")
    assert {(r.person_name, r.status_label) for r in rows if r.person_name != "Dr Ann Lee"} == {
        ("Amira Hassan", "No longer needed"),
        ("Joe Bennett", "No longer needed"),
    }
    assert "They left the project on 2 March 2026." in {r.message.stop_reason for r in rows}


def test_a_call_with_only_project_news_closes_when_they_leave(world):
    Message.objects.filter(kind__in=["outcome", "payment_paid"]).update(status="called")
    with time_machine.travel(MONDAY_10AM, tick=False):
        services.membership_leave(actor=world.joe, membership=membership(world, world.joe))
    task = OrganiserTask.objects.get(kind="call")
    assert (task.status, task.result) == ("done", "withdrawn")
    assert call_tasks_for(user=world.organiser) == []
