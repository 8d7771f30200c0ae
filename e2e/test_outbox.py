"""Issue 12 in a real browser: Tom cancels a meeting; Amira's waiting text and Joe's call are withdrawn,
and the page of who we told says why. Phone and desktop width, axe on every page.

Amira takes texts only on one day of the week, which is never today, so her "New meeting" text is
waiting whenever this runs. Joe takes phone calls, so Tom has a call to make.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.accounts.models import CommunicationProfile
from roundtable.accounts.tests.factories import person
from roundtable.meetings.models import Meeting
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.services import message_deliver
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.e2e
DAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@pytest.fixture
def cast(transactional_db):
    today = timezone.localdate()
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person(
        "amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["text"], phone="07700 900461",
        contact_days=[DAY_CODES[(today.weekday() + 2) % 7]],
    )  # fmt: skip
    joe = person("joe@e2e.example", "Joe Bennett", known_as="Joe", channels=["phone"], phone="07700 900782")
    org = OrganisationFactory(admin=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title="Support at school", draft=True)
    for user in (amira, joe):
        MembershipFactory(project=project, user=user, invited_by=tom)
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=21), dt.time(10)))
    meeting = MeetingFactory(
        project=project, created_by=tom, title="Planning day", starts_at=start, ends_at=start + dt.timedelta(hours=2),
        join_url="https://meet.example/plan",
    )  # fmt: skip
    for pk in Message.objects.filter(status="queued").values_list("pk", flat=True):
        message_deliver(message_id=pk)
    return tom, amira, joe, project, meeting


def test_cancelling_a_meeting_withdraws_what_has_not_gone_and_says_why(ui, cast):
    tom, amira, joe, project, meeting = cast
    new_text = Message.objects.get(recipient=amira, kind="meeting_scheduled")
    assert new_text.status == "waiting"
    call = OrganiserTask.objects.get(message__recipient=joe, kind="call", status="open")

    ui.sign_in(tom)
    ui.goto("/tasks/calls/")
    expect(ui.page.get_by_role("heading", name="Joe Bennett")).to_be_visible()
    ui.goto(f"/projects/{project.pk}/meetings/{meeting.pk}/")
    ui.page.get_by_role("link", name="Cancel the meeting").click()
    ui.seen("cancel a meeting")
    ui.page.get_by_label("Why is it cancelled?").fill("The room is not free that day.")
    ui.page.get_by_role("button", name="Cancel the meeting").click()

    expect(ui.page.get_by_role("heading", name="Who we told, and how")).to_be_visible()
    ui.seen("who we told after a cancellation")
    table = ui.page.locator("table")
    amira_new = table.locator("tr", has_text="Amira Hassan").filter(has_text="New meeting")
    expect(amira_new).to_contain_text("No longer needed")
    expect(amira_new).to_contain_text("Why: The meeting was cancelled on")
    joe_new = table.locator("tr", has_text="Joe Bennett").filter(has_text="New meeting")
    expect(joe_new).to_contain_text("No longer needed")
    expect(joe_new).to_contain_text("Phone them: Done (No longer needed)")
    expect(table.locator("tr", has_text="Joe Bennett").filter(has_text="Meeting cancelled")).to_contain_text(
        "Waiting for a phone call"
    )

    new_text.refresh_from_db()
    call.refresh_from_db()
    assert new_text.status == "withdrawn"
    assert (call.status, call.result) == ("done", "withdrawn")

    # Tom's call list: one call to Joe, about the cancellation only.
    ui.goto("/tasks/calls/")
    section = ui.page.locator("section", has=ui.page.get_by_role("heading", name="Joe Bennett"))
    expect(section).to_have_count(1)
    expect(section).to_contain_text("Meeting cancelled: Planning day")
    expect(section).not_to_contain_text("New meeting")
    ui.seen("calls after a cancellation")


def test_booking_warns_who_a_time_leaves_out_and_asks_why(ui, cast):
    tom, amira, joe, project, _meeting = cast
    CommunicationProfile.objects.filter(user=joe).update(notice_days=10)
    CommunicationProfile.objects.filter(user=amira).update(meeting_days=["sat"], meeting_from=dt.time(9))
    soon = timezone.localdate() + dt.timedelta(days=3)
    while soon.weekday() == 5:  # not a Saturday, so Amira's caring rules it out too
        soon += dt.timedelta(days=1)

    ui.sign_in(tom)
    ui.goto(f"/projects/{project.pk}/meetings/")
    ui.page.get_by_role("link", name="Book a meeting").click()
    ui.seen("booking form", key=False)
    ui.page.get_by_label("Meeting name").fill("Short notice catch-up")
    ui.page.get_by_label("Date").fill(soon.strftime("%d/%m/%Y"))
    ui.page.get_by_label("Start time").fill("10am")
    ui.page.get_by_label("End time").fill("11am")
    ui.page.get_by_label("Online", exact=True).check()
    ui.page.locator("#id_join_url").fill("https://meet.example/catch-up")
    ui.page.get_by_role("button", name="Book the meeting").click()

    warning = ui.page.locator("#booking-warning")
    expect(warning).to_contain_text("This time does not suit everyone taking part.")
    expect(ui.page.locator(".govuk-summary-list", has_text="Joe Bennett")).to_contain_text(
        re.compile(r"They asked for 10 days' notice\. This gives [23] days\.")  # 3 days less the hours since 10am
    )
    expect(ui.page.locator(".govuk-summary-list", has_text="Amira Hassan")).to_contain_text(
        "Their caring means they can meet: Saturday, from 9am."
    )
    ui.seen("booking warns first")
    assert not Meeting.objects.filter(title="Short notice catch-up").exists()

    ui.page.get_by_label("Why are you booking this time anyway?").fill("The funder asked to meet this week.")
    ui.page.get_by_role("button", name="Book the meeting").click()
    expect(ui.page.get_by_text("The meeting is booked.")).to_be_visible()
    ui.seen("booked anyway", key=False)
    booked = Meeting.objects.get(title="Short notice catch-up")
    assert booked.booked_despite == "The funder asked to meet this week."
    assert {w["name"] for w in booked.booking_warnings} == {"Amira Hassan", "Joe Bennett"}
