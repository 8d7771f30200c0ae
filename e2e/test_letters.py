"""Grace gets everything by post: the organiser prints her letter with the papers inside, the phone
number to ring and a reply slip, then enters her posted-back answers by the letter's reference.

Phone and desktop widths (the ``ui`` fixture), axe on every page visited; the PDF is read back with pdftotext.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.lib.pdf import render_pdf
from roundtable.lib.tests.pdf_reading import pdf_text
from roundtable.meetings import services as meetings
from roundtable.meetings.models import PaperFormat, PollAnswer
from roundtable.notifications.letter_parts import letter_reference
from roundtable.notifications.models import Message
from roundtable.notifications.services import message_deliver
from roundtable.updates.tests.conftest import build_world

pytestmark = pytest.mark.e2e


def _paper(text: str, name: str) -> SimpleUploadedFile:
    html = f'<html lang="en-GB"><head><title>{text}</title></head><body><h1>{text}</h1></body></html>'
    return SimpleUploadedFile(name, render_pdf(html), content_type="application/pdf")


@pytest.fixture
def world(transactional_db):
    w = build_world()
    w.grace.uses_web = False
    w.grace.save(update_fields=["uses_web"])
    organisation = w.project.organisation
    organisation.phone, organisation.postal_address = "0113 496 0000", "Hall Building\nNorthfield NF1 2AB"
    organisation.save()
    start = (timezone.localtime() + dt.timedelta(days=20)).replace(hour=18, minute=0, second=0, microsecond=0)
    meeting = meetings.meeting_create(
        actor=w.organiser, project=w.project,
        data={"title": "Planning", "format": "in_person", "venue_name": "Library", "starts_at": start,
              "ends_at": start + dt.timedelta(hours=1, minutes=30)},
    )  # fmt: skip
    agenda = meetings.paper_add(actor=w.organiser, meeting=meeting, title="Agenda", upload=_paper("Agenda", "a.pdf"))
    meetings.paper_add(
        actor=w.organiser, meeting=meeting, title="Agenda", upload=_paper("Large print agenda for Grace", "lp.pdf"),
        format=PaperFormat.LARGE_PRINT, version_of=agenda,
    )  # fmt: skip
    meetings.papers_release(actor=w.organiser, meeting=meeting)
    w.poll = meetings.poll_create(
        actor=w.organiser, project=w.project, data={"title": "Summer workshop"},
        options=[(start + dt.timedelta(days=7), start + dt.timedelta(days=7, hours=2)),
                 (start + dt.timedelta(days=9), start + dt.timedelta(days=9, hours=2))],
    )  # fmt: skip
    for message in Message.objects.filter(recipient=w.grace):
        message_deliver(message_id=message.pk)
    return w


def test_grace_gets_the_papers_a_phone_number_and_a_reply_slip_by_post(ui, world):
    ui.sign_in(world.organiser)
    ui.goto("/tasks/letters/")
    ui.seen("letter queue with papers")
    expect(ui.page.get_by_text("Put these papers in the envelope").first).to_be_visible()
    expect(ui.page.get_by_text("This letter has a reply slip").first).to_be_visible()
    links = ui.page.get_by_role("link", name="Open the letter to Grace Williams (PDF)")
    expect(links).to_have_count(1)  # one envelope: the new meeting, its papers, and the poll
    pdfs = [ui.page.request.get(ui.url(links.nth(0).get_attribute("href"))).body()]
    text = " ".join(" ".join(pdf_text(pdf) for pdf in pdfs).split())
    assert "Large print agenda for Grace" in text  # the paper is in the envelope, in her format
    assert "0113 496 0000" in text and "How to reach us" in text
    assert "Reply slip" in text and "Which times can you come to Summer workshop?" in text
    assert "http" not in text

    poll_message = Message.objects.get(recipient=world.grace, kind="meeting_poll")
    ui.page.get_by_role("link", name="Enter answers from a reply slip someone posted back").click()
    ui.seen("reply slip: find the letter")
    ui.page.get_by_label("Letter reference").fill("nonsense")
    ui.page.get_by_role("button", name="Find the letter").click()
    expect(ui.page.locator(".govuk-error-summary")).to_contain_text("We cannot find a letter")
    ui.seen("reply slip: not found", key=False)
    ui.page.get_by_label("Letter reference").fill(letter_reference(poll_message.pk))
    ui.page.get_by_role("button", name="Find the letter").click()
    expect(ui.page.get_by_role("heading", name="Enter Grace's answers")).to_be_visible()
    ui.seen("reply slip: answers")
    first, second = world.poll.options.order_by("starts_at")
    ui.page.locator(f"input[name=chosen][value='{second.pk}']").check()
    ui.page.get_by_label("What Grace wrote").fill("Evenings are best for me.")
    ui.page.get_by_role("button", name="Save Grace's answers").click()
    expect(ui.page.get_by_text("Grace's answers are saved.")).to_be_visible()
    ui.seen("letter queue after answers", key=False)
    answers = dict(PollAnswer.objects.filter(user=world.grace).values_list("option_id", "answer"))
    assert answers == {first.pk: "no", second.pk: "yes"}
