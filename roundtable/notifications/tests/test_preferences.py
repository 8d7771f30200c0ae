"""Contact windows, urgent messages, digests, and the person's own settings page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from roundtable.accounts.models import CommunicationProfile
from roundtable.notifications.models import DeliveryPreference, Message
from roundtable.notifications.selectors import inbox_for
from roundtable.notifications.services import (
    digests_send_due,
    message_deliver,
    message_queue,
    message_queue_many,
    messages_dispatch_due,
    preference_set,
)
from roundtable.notifications.tests.conftest import make_person
from roundtable.notifications.windows import next_window_start, window_text

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]
LONDON = ZoneInfo("Europe/London")
MONDAY_10AM = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def amira(db):
    return make_person(
        "amira@example.org", "Amira Hassan", ["text", "email"], phone="07700 900461",
        contact_from=dt.time(20), contact_until=dt.time(22, 30),
    )  # fmt: skip


def queue(person, key="m:1", **kwargs):
    fields = {"subject": "News", "body": "Some news.", "kind": "announcement"}
    return message_queue(recipient=person, idempotency_key=key, **{**fields, **kwargs})


# --- Windows ---------------------------------------------------------------------------------------


def test_window_opens_at_8pm_and_runs_past_midnight():
    profile = CommunicationProfile(contact_from=dt.time(20), contact_until=dt.time(1))
    assert next_window_start(profile, at(2, 10)) == at(2, 20)
    assert next_window_start(profile, at(2, 21)) is None
    assert next_window_start(profile, at(3, 0, 30)) is None  # Monday's window, after midnight
    assert next_window_start(profile, at(3, 1, 30)) == at(3, 20)


def test_window_on_chosen_days_only():
    profile = CommunicationProfile(contact_days=["sat"], contact_from=dt.time(9), contact_until=dt.time(12))
    assert next_window_start(profile, MONDAY_10AM) == at(7, 9)
    assert window_text(profile) == "Saturday, 9am to 12pm"
    assert next_window_start(CommunicationProfile(), MONDAY_10AM) is None


def test_window_across_the_clocks_going_forward():
    profile = CommunicationProfile(contact_from=dt.time(20), contact_until=dt.time(22))
    # British Summer Time starts on 29 March 2026: 8pm is 19:00 UTC that evening.
    opens = next_window_start(profile, dt.datetime(2026, 3, 29, 12, 0, tzinfo=dt.UTC))
    assert opens == dt.datetime(2026, 3, 29, 19, 0, tzinfo=dt.UTC)


def test_amiras_text_waits_for_8pm_then_goes(amira, texts):
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        message = queue(amira)
        assert message_deliver(message_id=message.pk) == "waiting"
        message.refresh_from_db()
        assert message.next_attempt_at == at(2, 20)
        assert texts == []
        clock.move_to(at(2, 19, 59))
        assert messages_dispatch_due() == 0
        clock.move_to(at(2, 20))
        assert messages_dispatch_due() == 1
    message.refresh_from_db()
    assert (message.status, message.channel_used) == ("sent", "text")
    assert len(texts) == 1


def test_urgent_cancellation_goes_at_once(amira, texts):
    with time_machine.travel(MONDAY_10AM, tick=False):
        message = queue(amira, urgent=True, subject="Tonight's meeting is cancelled")
        assert message_deliver(message_id=message.pk) == "sent"
    assert texts[0]["body"].startswith("Roundtable\nTonight's meeting is cancelled")


def test_a_sign_in_link_never_waits_for_the_window(amira):
    with time_machine.travel(MONDAY_10AM, tick=False):
        message = queue(amira, kind="sign_in_link", channels=["email"])
        assert message_deliver(message_id=message.pk) == "sent"


def test_the_inbox_never_waits(partner):
    CommunicationProfile.objects.filter(user=partner).update(channels=["app"], contact_from=dt.time(20))
    with time_machine.travel(MONDAY_10AM, tick=False):
        message = queue(partner)
        assert message_deliver(message_id=message.pk) == "delivered"


# --- Digests ---------------------------------------------------------------------------------------


def test_weekly_digest_groups_by_project_and_goes_on_the_chosen_day(partner, organiser):
    preference_set(user=partner, actor=partner, digest="weekly", digest_day="fri")
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        queue(partner, key="a", subject="Papers are ready", group_label="Better sleep", organiser=organiser)
        queue(partner, key="b", subject="Workshop 2 moved", group_label="Short breaks")
        queue(partner, key="c", subject="Thank you", group_label="Better sleep")
        queue(partner, key="d", subject="Cancelled today", group_label="Short breaks", urgent=True)
        assert Message.objects.filter(status="held").count() == 3
        assert sum(len(g.messages) for g in inbox_for(user=partner)) == 4  # in the inbox at once
        assert digests_send_due() == 0
        clock.move_to(at(6, 6, 59))  # Friday, before 7am
        assert digests_send_due() == 0
        clock.move_to(at(6, 7))
        assert digests_send_due() == 1
        assert digests_send_due() == 0  # once per period

    digest = Message.objects.get(kind="digest")
    assert digest.subject == "Your round-up: 3 messages"
    assert digest.body.index("BETTER SLEEP") < digest.body.index("Papers are ready") < digest.body.index("Thank you")
    assert digest.body.index("Thank you") < digest.body.index("SHORT BREAKS")
    assert digest.organiser == organiser
    assert message_deliver(message_id=digest.pk) == "sent"
    assert set(Message.objects.filter(digest=digest).values_list("status", flat=True)) == {"in_digest"}
    assert Message.objects.get(idempotency_key="d").status == "queued"  # urgent: not held for the digest


def test_daily_digest_and_a_message_after_it_waits_for_tomorrow(partner):
    preference_set(user=partner, actor=partner, digest="daily")
    with time_machine.travel(at(2, 8), tick=False) as clock:
        queue(partner, key="a")
        assert digests_send_due() == 1
        queue(partner, key="b")
        assert digests_send_due() == 0
        clock.move_to(at(3, 7, 30))
        assert digests_send_due() == 1
    assert Message.objects.filter(kind="digest").count() == 2


def test_switching_back_to_straight_away_sends_what_was_saved(partner, django_capture_on_commit_callbacks):
    preference_set(user=partner, actor=partner, digest="daily")
    message = queue(partner)
    assert message.status == "held"
    with django_capture_on_commit_callbacks(execute=True):
        preference_set(user=partner, actor=partner, digest="immediate")
    message.refresh_from_db()
    assert message.status == "sent"


def test_sign_in_links_never_wait_for_a_digest(partner):
    preference_set(user=partner, actor=partner, digest="weekly")
    message = queue(partner, kind="sign_in_link", channels=["email"])
    assert message.status == "queued"


def test_queue_many_holds_for_digest_people_and_is_idempotent(partner, organiser, django_assert_max_num_queries):
    preference_set(user=partner, actor=partner, digest="weekly")
    people = [make_person(f"m{n}@example.org", f"M {n}", ["email"]) for n in range(20)] + [partner]
    with django_assert_max_num_queries(10):
        messages = message_queue_many(
            recipients=people, key_prefix="update:9:", subject="s", body="b", kind="progress_update"
        )
    assert len(messages) == 21
    assert {m.status for m in messages if m.recipient_id == partner.pk} == {"held"}
    again = message_queue_many(recipients=people, key_prefix="update:9:", subject="s", body="b", kind="progress_update")
    assert [m.pk for m in again] == [m.pk for m in messages]
    assert Message.objects.count() == 21


# --- The settings page -----------------------------------------------------------------------------


def test_person_changes_channels_and_digest(client, amira):
    client.force_login(amira)
    url = reverse("notifications:preferences")
    page = client.get(url)
    assert page.status_code == 200
    assert "8pm to 10:30pm" in page.content.decode()

    response = client.post(
        url, {"first": "email", "second": "text", "third": "", "digest": "weekly", "digest_day": "sun"}
    )

    assert response.status_code == 302
    amira.profile.refresh_from_db()
    assert amira.profile.channels == ["email", "text"]
    preference = DeliveryPreference.objects.get(user=amira)
    assert (preference.digest, preference.digest_day) == ("weekly", "sun")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"first": "letter"}, "For letters, first add your postal address on your profile page."),
        ({"first": "email", "second": "email"}, "You chose the same way twice."),
        ({"first": ""}, "Please choose a way."),
    ],
)
def test_settings_page_explains_what_is_wrong_and_keeps_the_answers(client, amira, data, error):
    client.force_login(amira)
    response = client.post(reverse("notifications:preferences"), {"digest": "daily", **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert "govuk-error-summary" in html
    amira.profile.refresh_from_db()
    assert amira.profile.channels == ["text", "email"]


def test_settings_page_needs_sign_in(client):
    assert client.get(reverse("notifications:preferences")).status_code == 302
