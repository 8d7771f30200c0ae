"""Issue 12 for meetings: news withdraws what has not gone yet, and meeting messages are never late.

Amira: text then email, only from 8pm to 10:30pm. Joe: phone calls. Grace: letters. Tom organises.
"""

from __future__ import annotations

import datetime as dt

import pytest

from roundtable.accounts.models import CommunicationProfile
from roundtable.meetings import services
from roundtable.meetings.tests.conftest import at, meeting_data
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.selectors import call_tasks_for, delivery_status_for
from roundtable.notifications.services import message_deliver, messages_dispatch_due
from roundtable.projects import services as project_services
from roundtable.projects.tests.conftest import make_person

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


@pytest.fixture
def texts():
    from roundtable.notifications.text import MemoryProvider

    MemoryProvider.reset()
    yield MemoryProvider.sent
    MemoryProvider.reset()


@pytest.fixture
def world(people):
    CommunicationProfile.objects.filter(user=people.partner).update(
        phone="07700 900461", contact_from=dt.time(20), contact_until=dt.time(22, 30)
    )
    CommunicationProfile.objects.filter(user=people.joe).update(phone="07700 900782")
    people.grace = make_person(
        None, "Grace Williams", channels=["letter"], postal_address="4 Mill Lane\nNorthfield", formats=["large_print"]
    )
    project_services.member_add_by_proxy(actor=people.organiser, project=people.project, user=people.grace)
    return people


def deliver_all() -> None:
    for pk in Message.objects.filter(status="queued").values_list("pk", flat=True):
        message_deliver(message_id=pk)


def about(meeting, person, kind) -> Message:
    return Message.objects.get(recipient=person, kind=kind, topic=f"meeting:{meeting.pk}:notice")


def test_cancelling_withdraws_the_new_meeting_call_letter_and_waiting_text(world, clock, texts):
    meeting = services.meeting_create(
        actor=world.organiser, project=world.project, data=meeting_data(starts_at=at(7, 10), ends_at=at(7, 12))
    )
    deliver_all()
    amira_new = about(meeting, world.partner, "meeting_scheduled")
    assert amira_new.status == "waiting"  # for her 8pm window
    joe_task = OrganiserTask.objects.get(message__recipient=world.joe)
    grace_task = OrganiserTask.objects.get(message__recipient=world.grace)

    services.meeting_cancel(actor=world.organiser, meeting=meeting, reason="The room flooded")

    amira_new.refresh_from_db()
    assert amira_new.status == "withdrawn"
    assert amira_new.stop_reason.startswith("The meeting was cancelled on")
    for task in (joe_task, grace_task):
        task.refresh_from_db()
        assert (task.status, task.result) == ("done", "withdrawn")
        assert task.outcome == amira_new.stop_reason
    deliver_all()
    # Joe's list has one call about the meeting: the cancellation, not "New meeting" beside it.
    assert [[m.kind for m in row.messages] for row in call_tasks_for(user=world.organiser)] == [["meeting_cancelled"]]

    clock.move_to(at(2, 20))
    messages_dispatch_due()
    assert [t["body"].splitlines()[1] for t in texts] == ["Meeting cancelled: Planning the study"]
    rows = delivery_status_for(idempotency_key_prefix=f"meeting:{meeting.pk}:scheduled:")
    labels = {row.person_name: row.status_label for row in rows}
    assert labels == {
        "Amira Hassan": "No longer needed", "Joe Bennett": "No longer needed",
        "Grace Williams": "No longer needed", "Dr Ann Lee": "Sent",  # by email at once, before the news
    }  # fmt: skip


def test_a_change_replaces_the_older_notices(world, clock):
    meeting = services.meeting_create(actor=world.organiser, project=world.project, data=meeting_data())
    deliver_all()
    services.meeting_update(
        actor=world.organiser, meeting=meeting, data={"starts_at": at(25, 20), "ends_at": at(25, 21)}
    )
    first = about(meeting, world.partner, "meeting_scheduled")
    assert first.status == "withdrawn"
    assert "newer message" in first.stop_reason
    assert about(meeting, world.partner, "meeting_changed").status == "queued"
    deliver_all()
    assert [[m.kind for m in row.messages] for row in call_tasks_for(user=world.organiser)] == [["meeting_changed"]]


def test_a_meeting_today_does_not_wait_for_amiras_window_and_its_late_reminder_is_missed(world, clock, texts):
    clock.move_to(at(2, 8))
    meeting = services.meeting_create(
        actor=world.organiser, project=world.project, data=meeting_data(starts_at=at(2, 10, 30), ends_at=at(2, 12))
    )
    deliver_all()
    assert about(meeting, world.partner, "meeting_scheduled").status == "to_call"  # not waiting until 8pm
    clock.move_to(at(2, 9, 30))
    assert services.reminders_send_due() == 4  # Amira, Joe, Grace and Dr Lee: the 1-hour reminder
    deliver_all()
    reminder = about(meeting, world.partner, "meeting_reminder")
    assert reminder.status == "missed"
    assert texts == []
    grace = about(meeting, world.grace, "meeting_reminder")
    assert grace.status == "missed"  # a letter cannot arrive in an hour, and it is only a reminder


def test_a_cancellation_within_24_hours_goes_at_once_on_a_way_allowed_now(world, clock, texts):
    meeting = services.meeting_create(
        actor=world.organiser, project=world.project, data=meeting_data(starts_at=at(3, 9), ends_at=at(3, 10))
    )
    Message.objects.update(status="sent")
    services.meeting_cancel(actor=world.organiser, meeting=meeting)
    cancelled = about(meeting, world.partner, "meeting_cancelled")
    assert cancelled.urgent
    assert message_deliver(message_id=cancelled.pk) == "to_call"  # it is 10am: no texts until 8pm
    assert texts == []
    assert "This cannot wait" in OrganiserTask.objects.get(message=cancelled).instructions


def test_notices_about_a_meeting_soon_never_wait_for_a_round_up(world, clock):
    from roundtable.notifications.services import preference_set

    preference_set(user=world.partner, actor=world.partner, digest="weekly", digest_day="fri")
    soon = services.meeting_create(
        actor=world.organiser, project=world.project, data=meeting_data(starts_at=at(4, 20), ends_at=at(4, 21))
    )
    later = services.meeting_create(actor=world.organiser, project=world.project, data=meeting_data())
    assert about(soon, world.partner, "meeting_scheduled").status == "queued"  # Wednesday: before Friday's round-up
    assert about(later, world.partner, "meeting_scheduled").status == "held"  # the 24th: Friday's round-up is in time
