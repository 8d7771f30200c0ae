"""The meetings journey in a real browser, at phone and desktop width, with axe on every page.

Tom opens a poll; Amira answers (her profile has filled in "no" for the afternoon); Joe answers using
only the keyboard; Tom books the best time, uploads a paper and sends it; Amira downloads it and
subscribes to her calendar feed, which is parsed and checked.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from roundtable.accounts.tests.factories import person
from roundtable.lib.sample_text import stretch
from roundtable.meetings.models import Meeting, Paper, PollAnswer
from roundtable.notifications.models import Message
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def cast(transactional_db):
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person(
        "amira@e2e.example",
        "Amira Hassan",
        known_as="Amira",
        channels=["email"],
        meeting_days=["mon", "tue", "wed", "thu", "fri"],
        meeting_from=dt.time(20, 0),
        notice_days=7,
    )
    joe = person("joe@e2e.example", "Joe Bennett", known_as="Joe", channels=["email"], formats=["easy_read"])
    org = OrganisationFactory(admin=tom, name=stretch("Northgate University", 150), kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title=stretch("Support at school", 150), draft=True)
    for user in (amira, joe):
        MembershipFactory(project=project, user=user, invited_by=tom)
    return tom, amira, joe, project


def next_weekday(weekday: int, weeks: int = 4) -> dt.date:
    day = timezone.localdate() + dt.timedelta(weeks=weeks)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Move focus with the Tab key only, until the element matching `selector` has it."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def test_poll_to_papers_to_calendar(ui, cast):
    tom, amira, joe, project = cast
    tuesday = next_weekday(1)
    p = project.pk

    # 1. Tom opens a poll with an afternoon and an evening option.
    ui.sign_in(tom)
    ui.goto(f"/projects/{p}/meetings/")
    ui.page.get_by_role("link", name="Ask when people can come").click()
    ui.seen("poll form")
    ui.page.get_by_role("button", name="Open the poll").click()  # nothing filled in: clear messages
    ui.seen("poll form errors", key=False)
    expect(ui.page.locator(".govuk-error-summary")).to_contain_text("Enter a name")
    ui.page.get_by_label("Meeting name").fill("Planning the study")
    ui.page.get_by_role("radio", name="Online", exact=True).check()
    for n, (start, end) in enumerate((("2pm", "3:30pm"), ("8pm", "9:30pm")), start=1):
        ui.page.locator(f"#id_o{n}_date").fill(tuesday.strftime("%d/%m/%Y"))
        ui.page.locator(f"#id_o{n}_start_time").fill(start)
        ui.page.locator(f"#id_o{n}_end_time").fill(end)
    ui.page.get_by_role("button", name="Open the poll").click()
    ui.seen("poll open")
    expect(ui.page.locator("h1")).to_have_text("Planning the study")
    ui.sign_out()

    # 2. Amira: her profile has answered "no" for the afternoon, with the reason. She saves.
    ui.sign_in(amira)
    poll_url = ui.page.url.replace(ui.base_url, "")
    ui.goto(poll_url)
    expect(ui.page.get_by_text("Your profile says you can meet from 8pm.")).to_be_visible()
    ui.page.get_by_role("button", name="Save my answers").click()
    ui.seen("amira answered", key=False)
    ui.sign_out()

    # 3. Joe answers with the keyboard only: Tab into each group, arrows to choose, Enter to save.
    ui.sign_in(joe)
    ui.goto(poll_url)
    first_radio = 'fieldset.rt-poll-option:nth-of-type(1) input[type="radio"]'
    tab_to(ui.page, first_radio)
    ui.page.keyboard.press("Space")  # yes, for the afternoon
    tab_to(
        ui.page,
        'input[type="radio"][name^="answer_"]:not([name="' + ui.page.evaluate("document.activeElement.name") + '"])',
    )
    ui.page.keyboard.press("Space")  # yes
    ui.page.keyboard.press("ArrowDown")  # if need be, for the evening
    tab_to(ui.page, "main form button.govuk-button")
    with ui.page.expect_navigation():
        ui.page.keyboard.press("Enter")
    ui.seen("joe answered", key=False)
    expect(ui.page.get_by_text("Your answers are saved")).to_be_visible()
    answers = sorted(PollAnswer.objects.filter(user=joe).values_list("option__starts_at", "answer"))
    assert [a for _, a in answers] == ["yes", "if_need_be"]
    ui.sign_out()

    # 4. Tom sees the evening first (every partner can come) and books it.
    ui.sign_in(tom)
    ui.goto(poll_url)
    expect(ui.page.locator("#results ~ ol li").first).to_contain_text("All partners can come")
    expect(ui.page.get_by_text("Would be left out: Amira Hassan")).to_be_visible()
    ui.page.locator('input[name="option"]').first.check()
    ui.page.get_by_role("button", name="Book this time").click()
    ui.seen("meeting booked")
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).hour == 20
    assert Message.objects.filter(idempotency_key=f"meeting:{meeting.pk}:scheduled:{amira.pk}").exists()
    ui.page.get_by_label("Joining link").fill("https://meet.example/school")
    ui.page.get_by_role("button", name="Save changes").click()
    ui.seen("meeting page")

    # 5. Tom uploads a paper: first a wrong kind of file (clear message, name kept), then a PDF; he sends it.
    ui.goto(f"/projects/{p}/meetings/{meeting.pk}/papers/")
    expect(ui.page.get_by_text("Easy Read (1 person)")).to_be_visible()
    ui.page.get_by_label("Name of the paper").fill("Study outline")
    ui.page.locator("#id_file").set_input_files(
        files=[{"name": "outline.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90"}]
    )
    ui.page.get_by_role("button", name="Add the paper").click()
    ui.seen("paper refused", key=False)
    expect(ui.page.locator(".govuk-error-summary")).to_contain_text("PDF, Word")
    expect(ui.page.get_by_label("Name of the paper")).to_have_value("Study outline")
    ui.page.locator("#id_file").set_input_files(
        files=[{"name": "outline.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    ui.page.get_by_role("button", name="Add the paper").click()
    ui.seen("paper added")
    ui.page.get_by_role("button", name="Send 1 paper to everyone").click()
    ui.seen("papers sent", key=False)
    paper = Paper.objects.get()
    assert paper.is_released and not paper.is_late
    ui.sign_out()

    # 6. Amira downloads the paper and subscribes to her calendar.
    ui.sign_in(amira)
    ui.goto(f"/projects/{p}/meetings/{meeting.pk}/")
    with ui.page.expect_download() as download:
        ui.page.get_by_role("link", name="Study outline").click()
    assert download.value.suggested_filename == "outline.pdf"
    ui.goto("/calendar/")
    feed_url = ui.page.locator("#feed-url").input_value()
    response = ui.page.request.get(feed_url)
    assert response.ok
    calendar = Calendar.from_ical(response.body())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Planning the study"
    assert event["DTSTART"].params["TZID"] == "Europe/London" and calendar.walk("VTIMEZONE")
    assert event.get("UID") and event.get("DTSTAMP") and event.decoded("SEQUENCE") >= 1
