"""Plain language in a real browser, at phone and desktop width, with axe on every page.

1. Tom, an organiser, writes jargon into the role offer. With JavaScript the
   "Check my writing" panel updates by itself after he stops typing; the
   "Check my writing" button works too. He saves.
2. Amira, a partner, sees the word explained on the project page (a disclosure
   she opens), asks what another word means, and Tom answers: the answer is in
   the glossary and on its way to her.
3. Tom writes a progress update, and the panel updates as he types; he sends
   it. Then he adds an agenda item, presses "Check my writing" (the page comes
   back with the panel and his words, nothing saved) and adds the item.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.accounts.tests.factories import person
from roundtable.glossary.models import GlossaryEntry, TermQuestion
from roundtable.meetings import services as meeting_services
from roundtable.meetings.models import AgendaItem
from roundtable.notifications.models import Message
from roundtable.projects import services
from roundtable.projects.models import LadderStep, Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, PayRateFactory, ProjectFactory
from roundtable.updates.models import ProgressUpdate

pytestmark = pytest.mark.e2e

JARGON = (
    "The PPI group will be consulted prior to dissemination of the findings, and a cohort of families "
    "will take part in the randomised controlled trial across three sites over eighteen months."
)


@pytest.fixture
def story(transactional_db):
    tom = person("tom.reid@northgate.example", "Dr Tom Reid", known_as="Tom", profile=False)
    amira = person("amira@northgate.example", "Amira Hassan", known_as="Amira", channels=["email"], naming="first_name")
    organisation = OrganisationFactory(admin=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH)
    rate = PayRateFactory(organisation=organisation, source_note="NIHR payment guidance")
    project = ProjectFactory(organisation=organisation, created_by=tom, title="Support at school", draft=True)
    services.project_offer_update(
        actor=tom,
        project=project,
        data={
            "purpose": "Find out what helps parent carers get support from school.",
            "partner_activities": "Come to six online meetings.",
            "ladder_step": LadderStep.CO_PRODUCTION,
            "hours_per_month": Decimal("4"),
            "duration_months": 12,
            "where_and_when": "Online, on Tuesday evenings.",
            "pay_rate": rate,
            "input_use": "Your ideas shape the questions we ask schools.",
            "outcome_promise": "We will send every partner a short summary.",
            "outcome_due": dt.date(2027, 7, 31),
            "contact": tom,
        },
    )
    services.step_add(actor=tom, project=project, title="Meet and agree the questions")
    services.milestone_add(actor=tom, project=project, title="First meeting", due=dt.date(2027, 1, 12))
    services.project_publish(actor=tom, project=project)
    MembershipFactory(project=project, user=amira, invited_by=tom)
    return {"tom": tom, "amira": amira, "project": project}


def test_organiser_checks_the_role_offer_as_he_types(ui, story):
    page, project = ui.page, story["project"]
    ui.sign_in(story["tom"])
    ui.goto(f"/projects/{project.pk}/offer/edit/")
    panel = page.locator("#writing-check-panel")
    expect(panel).to_contain_text("Check my writing")

    # With JavaScript: type, pause, and the panel updates by itself (no page load).
    page.get_by_label("What will happen to partners' ideas?").fill(JARGON)
    expect(panel).to_contain_text("“dissemination”: try “sharing what the work found”", timeout=10_000)
    expect(panel).to_contain_text("Say what “PPI” means the first time")
    expect(panel).to_contain_text("does not say who does it")
    expect(page.locator("#writing-check-status")).to_contain_text("things to look at")
    ui.seen("offer-edit-live-panel")

    # The button works too, and keeps what was typed without saving.
    page.get_by_role("button", name="Check my writing").click()
    expect(page.get_by_label("What will happen to partners' ideas?")).to_have_value(JARGON)
    expect(page.locator("#writing-check")).to_contain_text("Reading age")
    ui.seen("offer-edit-checked")
    project.refresh_from_db()
    assert project.input_use == "Your ideas shape the questions we ask schools."

    page.get_by_role("button", name="Save the role offer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Support at school")
    ui.seen("project-after-save", key=False)
    project.refresh_from_db()
    assert project.input_use == JARGON


def test_member_reads_explained_words_and_asks_what_a_word_means(ui, story):
    page, project = ui.page, story["project"]
    services.project_offer_update(actor=story["tom"], project=project, data={"input_use": JARGON})
    GlossaryEntry.objects.create(project=project, term="cohort", meaning="The families taking part in this study.")

    ui.sign_in(story["amira"])
    ui.goto(f"/projects/{project.pk}/")
    # A member's project page leads with what needs her; the whole role offer is one link away.
    page.get_by_role("link", name="Read the whole role offer").click()
    ui.seen("the role offer, from the project page", key=False)
    disclosure = page.locator("details.rt-explained").first
    disclosure.locator("summary").click()  # a disclosure she opens, not a tooltip
    expect(disclosure).to_contain_text("The families taking part in this study.")
    ui.seen("project-words-explained")

    page.get_by_role("link", name="Ask what another word means").first.click()
    ui.seen("ask-a-word")
    page.get_by_label("Which word or phrase?").fill("thematic analysis")
    page.get_by_label("Where did you see it? (optional)").fill("The role offer")
    page.get_by_role("button", name="Ask the team").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have asked the team")
    expect(page.locator("main")).to_contain_text("Waiting for an answer")
    ui.seen("glossary-after-asking")
    question = TermQuestion.objects.get(term="thematic analysis")
    assert Message.objects.filter(kind="glossary_question", recipient=story["tom"]).exists()

    # Tom answers; the answer joins the glossary and is queued for Amira.
    ui.sign_out()
    ui.sign_in(story["tom"])
    ui.goto(f"/projects/{project.pk}/glossary/")
    page.get_by_role("link", name="Answer: what does “thematic analysis” mean?").click()
    ui.seen("answer-a-question")
    page.get_by_label("What it means, in plain words").fill(
        "Reading what people said and finding the ideas that come up again and again."
    )
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator("main")).to_contain_text("finding the ideas that come up again and again")
    ui.seen("glossary-after-answer")
    question.refresh_from_db()
    assert question.status == "answered"
    assert Message.objects.filter(kind="glossary_answer", recipient=story["amira"]).exists()


def test_organiser_checks_a_progress_update_and_an_agenda_item(ui, story):
    page, project, tom = ui.page, story["project"], story["tom"]
    day = timezone.localdate() + dt.timedelta(weeks=3)
    meeting = meeting_services.meeting_create(
        actor=tom,
        project=project,
        data={
            "title": "Planning the study",
            "purpose": "Agree what to ask schools.",
            "format": "online",
            "starts_at": timezone.make_aware(dt.datetime.combine(day, dt.time(19, 0))),
            "ends_at": timezone.make_aware(dt.datetime.combine(day, dt.time(20, 30))),
            "join_url": "https://meet.example/abc",
        },
    )
    ui.sign_in(tom)

    # A progress update: with JavaScript the panel updates by itself after he stops typing.
    ui.goto(f"/projects/{project.pk}/updates/new/")
    panel = page.locator("#writing-check-panel")
    expect(panel).to_contain_text("When you have written something")
    page.get_by_label("Title", exact=True).fill("Where we are")
    page.get_by_label("What has happened since the last update?").fill(JARGON)
    expect(panel).to_contain_text("“dissemination”: try “sharing what the work found”", timeout=10_000)
    expect(panel).to_contain_text("Say what “PPI” means the first time")
    expect(page.locator("#writing-check-status")).to_contain_text("things to look at")
    ui.seen("update-live-panel")
    assert not ProgressUpdate.objects.exists()  # checking is not sending
    page.get_by_role("button", name="Send the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your update is on its way")
    ui.seen("update-sent", key=False)
    assert ProgressUpdate.objects.get(project=project).body == JARGON

    # An agenda item: the "Check my writing" button brings the page back with the panel and his words.
    ui.goto(f"/projects/{project.pk}/meetings/{meeting.pk}/agenda/")
    page.get_by_label("What it is about").fill("Questions for schools")
    page.get_by_label("How long, in minutes", exact=True).fill("20")
    prepare = "Read the summary prior to the meeting and think about the cohort."
    page.get_by_label("What people should prepare (optional)").fill(prepare)
    page.get_by_role("button", name="Check my writing").click()
    expect(page.locator("#writing-check")).to_contain_text("“prior to”: try “before”")
    expect(page.locator("#writing-check")).to_contain_text("“cohort”: try")
    expect(page.get_by_label("What people should prepare (optional)")).to_have_value(prepare)
    expect(page.get_by_label("What it is about")).to_have_value("Questions for schools")
    ui.seen("agenda-checked")
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    page.get_by_label("What people should prepare (optional)").fill("Read the summary before the meeting.")
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Item added.")
    ui.seen("agenda-item-added", key=False)
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.title, item.prepare) == ("Questions for schools", "Read the summary before the meeting.")
