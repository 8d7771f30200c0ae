"""Tell your story once, in a real browser at phone and desktop width, with axe on every page.

Amira writes two parts of her story (one with a content note) and shares one with Tom's project, for the
purpose the project gave. Tom opens it; Amira sees his read in her log, withdraws the part, and Tom's link
now gives "page not found". Tom asks Joe for a story: Joe uses only the phone, so the request becomes a call
for Tom to make, and Tom records Joe's "no" for him, with no reason asked.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.accounts.tests.factories import person
from roundtable.lib.sample_text import stretch
from roundtable.notifications.models import OrganiserTask
from roundtable.projects import services as project_services
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory
from roundtable.stories.models import StoryRead, StoryRequest, StoryShare

pytestmark = pytest.mark.e2e

EVIL = '<script>alert("story")</script>'
BEDTIME = "What bedtime is like now"
PURPOSE = "To help design the study questions"


@pytest.fixture
def cast(transactional_db):
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["email"])
    org = OrganisationFactory(admin=tom, name=stretch("Northgate University", 150))
    project = ProjectFactory(organisation=org, created_by=tom, title=stretch("Better sleep", 150))
    MembershipFactory(project=project, user=amira, invited_by=tom)
    joe = user_create_by_proxy(actor=tom, full_name="Joe Bennett", phone="07700 900782")
    profile_update(user=joe, actor=tom, data={"channels": ["phone"]})
    project_services.member_add_by_proxy(actor=tom, project=project, user=joe)
    return tom, amira, joe, project


def test_amira_tells_her_story_once_and_controls_who_reads_it(ui, cast):
    tom, amira, joe, project = cast
    p = project.pk
    page = ui.page

    # 1. Amira writes two parts; the first has a content note. Nothing is shared yet.
    ui.sign_in(amira)
    ui.goto("/my-story/")
    ui.seen("my story, empty")
    for title, words, note in (
        ("The night everything changed", f"We went to hospital. {EVIL}", "Talks about a hospital stay"),
        (BEDTIME, f"Bedtime starts at 6pm. {EVIL} The same three songs every night.", ""),
    ):
        page.get_by_role("link", name="Write a new part").click()
        ui.seen("part form", key=False)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Your words").fill(words)
        page.get_by_label("Content note (optional)").fill(note)
        page.get_by_role("button", name="Save").click()
        ui.seen(f"saved {title}", key=False)
    expect(page.locator("main")).to_contain_text(EVIL)  # shown as text, never run
    expect(page.locator("main")).to_contain_text("Only you. You have not shared it.")
    ui.screenshot("two parts")

    # 2. She shares the bedtime part with Tom's project, for the purpose the project gave.
    page.get_by_role("link", name=re.compile(rf"^Share this part with a project.*{BEDTIME}")).click()
    ui.seen("share form")
    page.get_by_role("button", name="Share it").click()
    ui.seen("share form errors", key=False)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a project.")
    page.get_by_label("Which project?").select_option(label=project.title)
    page.get_by_label("What is it for?").fill(PURPOSE)
    page.get_by_role("button", name="Share it").click()
    ui.seen("shared")
    share = StoryShare.objects.get()
    assert share.part.title == BEDTIME and share.purpose == PURPOSE
    ui.sign_out()

    # 3. Tom opens it from the project's stories page; the read is logged.
    ui.sign_in(tom)
    ui.goto(f"/projects/{p}/stories/")
    ui.seen("project stories")
    expect(page.locator("main")).not_to_contain_text("The night everything changed")
    page.get_by_role("link", name=BEDTIME).click()
    ui.seen("Tom reads the part")
    expect(page.locator("main")).to_contain_text("The same three songs every night.")
    assert StoryRead.objects.filter(reader=tom, share=share).count() == 1
    read_url = page.url
    ui.sign_out()

    # 4. Amira sees Tom's read in her log, then withdraws the part.
    ui.sign_in(amira)
    ui.goto("/my-story/")
    log = page.locator("#reads")
    expect(log).to_contain_text("Tom Reid")
    expect(log).to_contain_text(BEDTIME)
    expect(log).to_contain_text(PURPOSE)
    ui.screenshot("the log shows Tom's read")
    page.get_by_role("button", name=re.compile(rf"^Withdraw {BEDTIME}")).click()
    ui.seen("withdrawn")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("cannot read it any more")
    ui.sign_out()

    # 5. Tom's link no longer opens it.
    ui.sign_in(tom)
    ui.goto(read_url, status=404)
    assert StoryRead.objects.count() == 1

    # 6. Tom asks Joe for a story. Joe uses only the phone: the request is a call for Tom to make.
    ui.goto(f"/projects/{p}/stories/ask/")
    ui.seen("ask form")
    page.get_by_label("Who do you want to ask?").select_option(label="Joe Bennett")
    page.get_by_label("What is it for?").fill(PURPOSE)
    page.get_by_role("button", name="Send the request").click()
    ui.seen("asked")
    request = StoryRequest.objects.get(owner=joe)
    assert OrganiserTask.objects.filter(message__recipient=joe, message__kind="story_request", kind="call").exists()

    # 7. On the phone Joe says no. Tom records it for him; no reason is asked or kept.
    ui.goto(f"/projects/{p}/stories/")
    page.get_by_role("link", name="The story of Joe Bennett").click()
    ui.seen("Joe's story page")
    page.get_by_role("button", name="They said no").click()
    ui.seen("Joe said no")
    request.refresh_from_db()
    assert request.status == StoryRequest.Status.DECLINED and request.answered_by_proxy
    ui.goto(f"/projects/{p}/stories/")
    expect(page.locator("main")).to_contain_text("No, thank you")
