"""Journeys for reaching everyone their way: message settings, outcomes with delivery per person, the letter queue.

Phone and desktop widths (the ``ui`` fixture), axe on every page visited.
"""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from roundtable.accounts.models import CommunicationProfile
from roundtable.notifications.models import DeliveryPreference, Message, OrganiserTask
from roundtable.notifications.services import message_deliver, message_queue
from roundtable.updates.tests.conftest import build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_a_person_changes_channels_and_digest(ui, world):
    ui.sign_in(world.amira)
    ui.goto("/messages/")
    ui.page.get_by_role("link", name="Change how we contact you").click()
    ui.seen("message settings")
    ui.page.get_by_label("First, contact me by").select_option("email")
    ui.page.get_by_label("If that does not work, try").select_option("text")
    ui.page.get_by_label("Once a week, all together").check()
    ui.page.get_by_label("Which day for a weekly round-up?").select_option("fri")
    ui.page.get_by_role("button", name="Save my settings").click()
    expect(ui.page.get_by_text("Your message settings are saved.")).to_be_visible()
    ui.seen("settings saved")
    assert CommunicationProfile.objects.get(user=world.amira).channels == ["email", "text"]
    preference = DeliveryPreference.objects.get(user=world.amira)
    assert (preference.digest, preference.digest_day) == ("weekly", "fri")

    # A mistake is explained next to the field, and nothing typed is lost.
    ui.page.get_by_label("First, contact me by").select_option("letter")
    ui.page.get_by_role("button", name="Save my settings").click()
    expect(ui.page.locator(".govuk-error-summary")).to_contain_text("For letters, first add your postal address")
    ui.seen("settings error", key=False)


def test_organiser_publishes_an_outcome_and_sees_delivery_per_person(ui, world):
    ui.sign_in(world.organiser)
    ui.goto(f"/projects/{world.project.pk}/updates/")
    ui.page.get_by_role("link", name="Send the outcome", exact=True).click()
    ui.seen("outcome form")
    ui.page.get_by_label("Title").fill("What we found")
    ui.page.get_by_label("What did the project find or change?").fill("A bedtime routine helped most families.")
    ui.page.get_by_label("What did partners' ideas and time do?").fill("You chose what we measured.")
    ui.page.get_by_role("button", name="Send the outcome to everyone").click()
    expect(ui.page.get_by_role("heading", name="Did it reach everyone?")).to_be_visible()
    ui.seen("outcome delivery")
    table = ui.page.locator("table")
    for name in ("Amira Hassan", "Joe Bennett", "Grace Williams", "Łucja Nowak"):
        expect(table).to_contain_text(name)
    expect(table).to_contain_text("Left")
    expect(table).to_contain_text("Waiting to be posted")


def test_organiser_works_through_the_letter_queue(ui, world):
    for n in range(2):
        message = message_queue(
            recipient=world.grace, subject=f"Meeting {n + 1}", body="We meet on Tuesday.", kind="announcement",
            idempotency_key=f"e2e:{n}", organiser=world.organiser, group_label="Better sleep",
        )  # fmt: skip
        message_deliver(message_id=message.pk)
    ui.sign_in(world.organiser)
    ui.goto("/tasks/")
    # Issue 12: one day's letters to one person go in one envelope.
    ui.page.get_by_role("link", name="1 letter to post").click()
    ui.seen("letter queue")
    expect(ui.page.get_by_text("Large print").first).to_be_visible()
    expect(ui.page.get_by_text("This has 2 messages in it, all in one go.")).to_be_visible()
    pdf = ui.page.request.get(
        ui.page.get_by_role("link", name="Open the letter to Grace Williams (PDF)").first.get_attribute("href")
    )
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True).stdout
    assert b"Meeting 1" in text and b"Meeting 2" in text  # both letters, for the one envelope
    ui.page.get_by_label("I posted it").first.check()
    ui.page.get_by_role("button", name="Save what happened for Grace Williams").first.click()
    expect(ui.page.get_by_text("We have saved what happened.")).to_be_visible()
    ui.seen("after posting", key=False)
    expect(ui.page.get_by_text("There are no letters to post.")).to_be_visible()
    assert set(OrganiserTask.objects.values_list("result", flat=True)) == {"posted"}
    assert set(Message.objects.filter(recipient=world.grace, kind="announcement").values_list("status", flat=True)) == {
        "posted"
    }
