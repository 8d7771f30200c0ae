"""Issue 12 in a real browser: Tom cancels a meeting; Amira's waiting text and Joe's call are withdrawn,
and the page of who we told says why. Phone and desktop width, axe on every page.

Amira takes texts only on one day of the week, which is never today, so her "New meeting" text is
waiting whenever this runs. Joe takes phone calls, so Tom has a call to make.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.meetings import services as meeting_services
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.services import message_deliver
from roundtable.projects import services
from roundtable.projects.models import MemberRole, Organisation, Project

pytestmark = pytest.mark.e2e
DAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def person(email, name, **profile) -> User:
    user = User.objects.create_user(email, full_name=name, known_as=name.split()[0])
    CommunicationProfile.objects.create(user=user, **profile)
    return user


@pytest.fixture
def cast(transactional_db):
    today = timezone.localdate()
    tom = person("tom@e2e.example", "Tom Reid", channels=["email"])
    amira = person(
        "amira@e2e.example", "Amira Hassan", channels=["text"], phone="07700 900461",
        contact_days=[DAY_CODES[(today.weekday() + 2) % 7]],
    )  # fmt: skip
    joe = person("joe@e2e.example", "Joe Bennett", channels=["phone"], phone="07700 900782")
    org = services.organisation_create(actor=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH)
    project = services.project_create(
        actor=tom, organisation=org, title="Support at school", visibility=Project.Visibility.INVITE_ONLY
    )
    for user in (amira, joe):
        invitation = services.invitation_create(actor=tom, project=project, email=user.email, role=MemberRole.PARTNER)
        services.invitation_accept(invitation=invitation, user=user)
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=21), dt.time(10)))
    meeting = meeting_services.meeting_create(
        actor=tom, project=project,
        data={"title": "Planning day", "format": "online", "starts_at": start, "ends_at": start + dt.timedelta(hours=2),
              "join_url": "https://meet.example/plan"},
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
