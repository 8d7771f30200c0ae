"""Every form that takes a date and a time refuses a time the clocks skip and asks which one is meant when
the clocks show a time twice (28 March 2027 and 31 October 2027 in London). Nothing typed is lost."""

from __future__ import annotations

import datetime as dt

import pytest

from roundtable.meetings import services
from roundtable.meetings.models import Meeting, Poll
from roundtable.meetings.tests.conftest import LONDON, meeting_data
from roundtable.meetings.tests.test_views import FORM, client_for
from roundtable.notifications.models import Message

UTC = dt.UTC
SKIPPED = "There is no 1:30am on 28 March 2027, because the clocks go forward that night."
TWICE = "1:30am happens twice on 31 October 2027, because the clocks go back that night."


def post(people, path, data):
    return client_for(people.organiser).post(path.format(p=people.project.pk), data)


def test_a_meeting_at_a_time_that_does_not_exist_is_refused_at_the_field(people):
    response = post(people, "/projects/{p}/meetings/new/", {**FORM, "date": "28/03/2027", "start_time": "1:30am"})
    html = response.content.decode()
    assert response.status_code == 200
    assert SKIPPED in html and 'href="#id_start_time"' in html
    assert 'value="1:30am"' in html and 'value="28/03/2027"' in html  # nothing typed is lost
    assert not Meeting.objects.exists()


def test_a_meeting_at_a_time_that_happens_twice_asks_which_and_keeps_the_answer(people):
    data = {**FORM, "date": "31/10/2027", "start_time": "1:30am", "end_time": "3am"}
    html = post(people, "/projects/{p}/meetings/new/", data).content.decode()
    assert TWICE in html and "Type 1:30am BST for the first one, or 1:30am GMT for the second one." in html
    assert not Meeting.objects.exists()

    # 1:30am is outside the partners' hours, so booking it asks why (and keeps the reason).
    anyway = {"booked_despite": "The night the clocks go back, on purpose."}
    response = post(people, "/projects/{p}/meetings/new/", {**data, "start_time": "1:30am GMT", **anyway})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at == dt.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert meeting.ends_at == dt.datetime(2027, 10, 31, 3, tzinfo=UTC)
    # The edit page shows the time so that sending it back unchanged keeps the same instant.
    edit = client_for(people.organiser).get(f"/projects/{people.project.pk}/meetings/{meeting.pk}/edit/")
    assert 'value="01:30 GMT"' in edit.content.decode()


def test_the_first_of_two_equal_times_can_be_chosen(people):
    data = {**FORM, "date": "31/10/2027", "start_time": "01:30 BST", "end_time": "01:45 GMT"}
    data["booked_despite"] = "The night the clocks go back, on purpose."  # outside the partners' hours
    assert post(people, "/projects/{p}/meetings/new/", data).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert meeting.ends_at - meeting.starts_at == dt.timedelta(minutes=75)  # across the hour that repeats


def test_a_poll_option_at_a_time_that_does_not_exist_is_refused_at_its_field(people):
    data = {
        "title": "Next",
        "format": "online",
        "o1_date": "27/03/2027",
        "o1_start_time": "7pm",
        "o1_end_time": "8pm",
        "o2_date": "28/03/2027",
        "o2_start_time": "1:30am",
        "o2_end_time": "3am",
        "o3_date": "31/10/2027",
        "o3_start_time": "1am",
        "o3_end_time": "1:30am",
    }
    html = post(people, "/projects/{p}/meetings/polls/new/", data).content.decode()
    assert SKIPPED in html and 'href="#id_o2_start_time"' in html
    assert "1am happens twice on 31 October 2027" in html and 'href="#id_o3_start_time"' in html
    assert 'href="#id_o3_end_time"' in html
    assert not Poll.objects.exists()


@pytest.mark.parametrize(("typed", "said"), [("1:30am", TWICE), ("1:30am GMT", None)])
def test_the_register_asks_which_time_on_the_night_the_clocks_go_back(people, clock, typed, said):
    start = dt.datetime(2027, 10, 31, 0, 30, tzinfo=LONDON)
    meeting = services.meeting_create(
        actor=people.organiser,
        project=people.project,
        data=meeting_data(starts_at=start, ends_at=start + dt.timedelta(hours=3)),
        notify=False,
    )
    clock.move_to(dt.datetime(2027, 11, 1, 9, tzinfo=LONDON))
    path = f"/projects/{people.project.pk}/meetings/{meeting.pk}/attendance/"
    assert 'value="00:30"' in client_for(people.organiser).get(path).content.decode()
    html = client_for(people.organiser).post(path, {"start_time": typed, "end_time": "2am"}).content.decode()
    assert (said in html) if said else (TWICE not in html)
    assert f'value="{typed}"' in html


def test_the_paper_deadline_counts_calendar_days_across_the_clock_change(people):
    # Joe asked for 10 days' notice. 10 days before 8pm on 6 April 2027 is 8pm on 27 March, not 7pm.
    start = dt.datetime(2027, 4, 6, 20, tzinfo=LONDON)
    meeting = services.meeting_create(
        actor=people.organiser,
        project=people.project,
        data=meeting_data(starts_at=start, ends_at=start + dt.timedelta(hours=1)),
        notify=False,
    )
    deadline = services.release_deadline(meeting, services.invitees(people.project))
    assert deadline == dt.datetime(2027, 3, 27, 20, tzinfo=LONDON)
    html = client_for(people.organiser).get(f"/projects/{people.project.pk}/meetings/{meeting.pk}/papers/")
    text = html.content.decode()
    assert "8pm. That is 10 days before the meeting" in text and "7pm. That is" not in text


def test_a_reminder_a_day_before_comes_at_the_same_time_on_the_clock(people, clock):
    # 7pm on Sunday 28 March 2027 (BST): "1 day before" is 7pm on Saturday (GMT), 25 hours earlier.
    start = dt.datetime(2027, 3, 28, 19, tzinfo=LONDON)
    services.meeting_create(
        actor=people.organiser,
        project=people.project,
        data=meeting_data(starts_at=start, ends_at=start + dt.timedelta(hours=1)),
        notify=False,
    )
    services.calendar_reminders_set(user=people.partner, minutes=[1440])
    assert services.reminder_moment(start, 1440) == dt.datetime(2027, 3, 27, 19, tzinfo=LONDON)
    assert services.reminder_moment(start, 60) == dt.datetime(2027, 3, 28, 18, tzinfo=LONDON)
    clock.move_to(dt.datetime(2027, 3, 27, 18, 30, tzinfo=LONDON))  # 24 hours before, and a half
    assert services.reminders_send_due() == 0
    clock.move_to(dt.datetime(2027, 3, 27, 19, 0, tzinfo=LONDON))
    assert services.reminders_send_due() >= 1
    assert Message.objects.filter(kind="meeting_reminder", recipient=people.partner).count() == 1
