"""The conversation journey in a real browser, at phone (390 px) and desktop width, with axe on every page.

Amira (partner) starts a topic on her phone: first with nothing filled in (clear messages), then properly.
While her topic page is open, Tom answers from his own computer: his reply appears on her page without
reloading (the page asks for new replies every few seconds, in a polite live region). Then Tom, signed in,
answers again through the form and sees it on the page; a reply with HTML in it shows as typed.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from roundtable.accounts.tests.factories import person
from roundtable.conversation import services
from roundtable.conversation.models import Reply, Topic
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def cast(transactional_db, settings):
    settings.CONVERSATION_POLL_SECONDS = 1
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["text", "email"],
                   naming="first_name", phone="07700 900123")  # fmt: skip
    org = OrganisationFactory(admin=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title="Support at school")
    MembershipFactory(project=project, user=amira, invited_by=tom)
    return tom, amira, project


def test_amira_starts_a_topic_and_toms_answer_appears(cast, ui):
    tom, amira, project = cast
    p = project.pk

    ui.sign_in(amira)
    ui.goto(f"/projects/{p}/")
    ui.page.get_by_role("link", name="Go to the conversation").click()
    ui.seen("conversation empty")
    expect(ui.page.get_by_text("Everyone in this project can read this, including staff.")).to_be_visible()
    ui.page.get_by_role("link", name="Start a topic").click()
    ui.seen("start a topic")
    ui.page.get_by_role("button", name="Start the topic").click()
    ui.seen("start a topic errors", key=False)
    expect(ui.page.locator(".govuk-error-summary")).to_be_visible()
    ui.page.get_by_label("Title").fill("Could meetings start at 8:15pm?")
    ui.page.get_by_label("What do you want to talk about?").fill(
        "My son is asleep by 8pm. <b>Just</b> after would help."
    )
    ui.page.get_by_role("button", name="Start the topic").click()
    ui.seen("topic started")
    expect(ui.page.locator("h1")).to_have_text("Could meetings start at 8:15pm?")
    expect(ui.page.get_by_text("<b>Just</b> after would help.", exact=False)).to_be_visible()
    topic = Topic.objects.get()

    # Tom answers from his own computer; Amira's open page shows it without reloading.
    services.reply_post(topic=topic, author=tom, body="Yes, we can try 8:15pm next month.")
    live = ui.page.locator(".rt-new-replies")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live.get_by_text("Yes, we can try 8:15pm next month.")).to_be_visible(timeout=10_000)
    expect(ui.page.locator("h2#replies")).to_have_text("1 reply")
    expect(ui.page.get_by_text("No replies yet.")).to_have_count(0)
    ui.seen("reply appeared")
    ui.sign_out()

    # Tom answers through the form.
    ui.sign_in(tom)
    ui.goto(f"/projects/{p}/conversation/{topic.number}/")
    ui.page.get_by_label("Your reply").fill("I have asked everyone too.")
    ui.page.get_by_role("button", name="Post my reply").click()
    ui.seen("tom replied")
    expect(ui.page.get_by_text("Your reply is posted.")).to_be_visible()
    expect(ui.page.get_by_text("I have asked everyone too.")).to_be_visible()
    assert Reply.objects.filter(topic=topic).count() == 2
    # Leave for a page that does not ask for replies, so nothing asks after the test's data is gone.
    ui.goto(f"/projects/{p}/conversation/")
    expect(ui.page.get_by_text("2 replies")).to_be_visible()
