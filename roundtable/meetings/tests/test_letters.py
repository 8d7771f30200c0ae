"""Grace gets everything by post: the papers in her format in the envelope, who to phone or write to,
and a reply slip whose answers the organiser enters by proxy from the letter's reference."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.audit.models import AuditEvent
from roundtable.lib.pdf import render_pdf
from roundtable.lib.tests.pdf_reading import justified_blocks, pdf_lines, pdf_tags, pdf_text
from roundtable.meetings import services
from roundtable.meetings.models import PaperFormat, PollAnswer
from roundtable.meetings.tests.conftest import at
from roundtable.notifications.letter_parts import letter_reference
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.services import message_deliver
from roundtable.projects import services as project_services

ADDRESS = "Room 4, Hall Building\nUniversity Road\nNorthfield NF1 2AB"


def _paper(text: str, name: str) -> SimpleUploadedFile:
    html = f'<html lang="en-GB"><head><title>{text}</title></head><body><h1>{text}</h1><p>{text}.</p></body></html>'
    return SimpleUploadedFile(name, render_pdf(html), content_type="application/pdf")


@pytest.fixture
def grace(people):
    person = user_create_by_proxy(
        actor=people.organiser, full_name="Grace Okafor", postal_address="12 Elm Road\nLeeds\nLS1 1AA"
    )
    profile_update(user=person, actor=people.organiser, data={"channels": ["letter"], "formats": ["large_print"]})
    project_services.member_add_by_proxy(actor=people.organiser, project=people.project, user=person)
    people.organisation.phone, people.organisation.postal_address = "0113 496 0000", ADDRESS
    people.organisation.save()
    return person


def _letter_for(grace, kind):
    message = Message.objects.get(recipient=grace, kind=kind)
    message_deliver(message_id=message.pk)
    return message, OrganiserTask.objects.get(message=message, kind="post")


def test_graces_letter_encloses_the_large_print_papers_and_says_who_to_phone(client, people, meeting, grace):
    agenda = services.paper_add(
        actor=people.organiser, meeting=meeting, title="Agenda", upload=_paper("Standard agenda text", "agenda.pdf")
    )
    services.paper_add(
        actor=people.organiser, meeting=meeting, title="Agenda", upload=_paper("Large print agenda text", "lp.pdf"),
        format=PaperFormat.LARGE_PRINT, version_of=agenda,
    )  # fmt: skip
    services.papers_release(actor=people.organiser, meeting=meeting)
    message, task = _letter_for(grace, "meeting_papers")
    client.force_login(people.organiser)
    pdf = client.get(reverse("notifications:letter_pdf", args=[task.pk])).content
    text = " ".join(pdf_text(pdf).split())  # words, whatever the line breaks
    assert "Large print agenda text" in text  # the paper itself, in her format
    assert "Standard agenda text" not in text
    assert "We have put these papers in the envelope" in text and "Agenda (Large print)" in text
    assert "Tom Reid" in text and "0113 496 0000" in text and "University Road" in text
    assert "How to reach us" in text
    assert "http" not in text and "meet.example" not in text  # Grace does not use the web: no web addresses
    assert letter_reference(message.pk) in text
    tags = pdf_tags(pdf)  # the letter's own pages keep their tags after the paper is added
    assert tags.marked and tags.lang.lower().startswith("en") and tags.title.startswith("Letter to Grace Okafor")
    page = client.get(reverse("notifications:letters")).content.decode()
    assert "Put these papers in the envelope" in page and "printed with the letter" in page


def test_a_paper_that_cannot_be_printed_into_the_letter_is_listed_to_print_by_hand(client, people, meeting, grace):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    odt = SimpleUploadedFile("notes.odt", buffer.getvalue(), content_type="application/vnd.oasis.opendocument.text")
    paper = services.paper_add(actor=people.organiser, meeting=meeting, title="Notes from last time", upload=odt)
    services.papers_release(actor=people.organiser, meeting=meeting)
    _message, task = _letter_for(grace, "meeting_papers")
    client.force_login(people.organiser)
    page = client.get(reverse("notifications:letters")).content.decode()
    assert "Notes from last time (Standard):" in page and "print or copy it yourself" in page
    download = reverse("meetings:paper_download", args=[people.project.pk, meeting.pk, paper.pk])
    assert download in page
    text = " ".join(pdf_text(client.get(reverse("notifications:letter_pdf", args=[task.pk])).content).split())
    assert "Notes from last time" in text  # the letter still lists it


def test_a_poll_letter_has_a_reply_slip_and_the_organiser_enters_the_answers_by_proxy(client, people, grace):
    options = [(at(10, 14), at(10, 16)), (at(12, 18), at(12, 20))]
    poll = services.poll_create(
        actor=people.organiser, project=people.project, data={"title": "Summer workshop"}, options=options
    )
    message, task = _letter_for(grace, "meeting_poll")
    reference = letter_reference(message.pk)
    client.force_login(people.organiser)
    pdf = client.get(reverse("notifications:letter_pdf", args=[task.pk])).content
    text = " ".join(pdf_text(pdf).split())  # words, whatever the line breaks
    assert "Reply slip" in text and f"Reference: {reference}" in text
    assert "Which times can you come to Summer workshop?" in text
    assert "Tuesday 10 March" in text and "Thursday 12 March" in text
    assert "Anything we should know" in text
    assert "0113 496 0000" in text
    # Every line starts at the same left edge: left-aligned, not centred (the slip's boxes sit inside it).
    lines = pdf_lines(pdf)
    body = [line for line in lines if line.page == 1 and line.y_min > 300 and not line.text.startswith("Page ")]
    assert len({round(line.x_min) for line in body}) == 1
    assert len(body) > 8 and justified_blocks(lines) == []  # and not justified: ragged right edges

    url = reverse("notifications:reply_slip")
    page = client.get(url, {"reference": reference.lower().replace("rt", "rt ")})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Enter Grace&#x27;s answers" in html or "Enter Grace's answers" in html
    first, second = poll.options.order_by("starts_at")
    response = client.post(url, {"reference": reference, "chosen": [str(second.pk)], "comments": "Mornings are hard."})
    assert response.status_code == 302
    answers = {a.option_id: a for a in PollAnswer.objects.filter(user=grace)}
    assert (answers[first.pk].answer, answers[second.pk].answer) == ("no", "yes")
    assert answers[first.pk].note == "Mornings are hard." and answers[first.pk].answered_by == people.organiser
    event = AuditEvent.objects.get(action="letter.reply_recorded")
    assert event.by_proxy and event.subject == grace and event.actor == people.organiser
    assert AuditEvent.objects.filter(action="meeting.poll_answered_by_proxy", subject=grace).exists()


def test_a_reference_that_is_not_yours_finds_nothing(client, people, grace):
    services.poll_create(
        actor=people.organiser, project=people.project, data={"title": "Summer workshop"},
        options=[(at(10, 14), at(10, 16))],
    )  # fmt: skip
    message, _task = _letter_for(grace, "meeting_poll")
    client.force_login(people.partner)
    response = client.get(reverse("notifications:reply_slip"), {"reference": letter_reference(message.pk)})
    assert response.status_code == 400
    assert "We cannot find a letter you sent with that reference" in response.content.decode()
    response = client.post(
        reverse("notifications:reply_slip"), {"reference": letter_reference(message.pk), "chosen": ["1"]}
    )
    assert response.status_code == 400 and not PollAnswer.objects.exists()
    client.force_login(people.organiser)
    response = client.get(reverse("notifications:reply_slip"), {"reference": "banana"})
    assert response.status_code == 400 and "We cannot find a letter" in response.content.decode()


def test_a_reply_slip_in_a_shared_envelope_is_found_only_by_staff_who_may_post_it(client, people, meeting, grace):
    """The poll letter joins the day's envelope (issue 12); its reference still finds it for the organiser
    posting that envelope, and stops finding it the moment their organiser role goes (issue 11)."""
    from roundtable.notifications.replies import letter_for_reference
    from roundtable.projects.services import staff_roles_set

    services.paper_add(actor=people.organiser, meeting=meeting, title="Agenda", upload=_paper("Agenda", "a.pdf"))
    services.papers_release(actor=people.organiser, meeting=meeting)
    services.poll_create(
        actor=people.organiser, project=people.project, data={"title": "Summer workshop"},
        options=[(at(10, 14), at(10, 16))],
    )  # fmt: skip
    papers, envelope = _letter_for(grace, "meeting_papers")
    poll = Message.objects.get(recipient=grace, kind="meeting_poll")
    message_deliver(message_id=poll.pk)
    poll.refresh_from_db()
    assert poll.carried_by_id == envelope.pk and not OrganiserTask.objects.filter(message=poll).exists()
    assert letter_for_reference(user=people.organiser, reference=letter_reference(poll.pk)) == poll

    staff_roles_set(actor=people.admin, organisation=people.organisation, user=people.organiser, roles=set())
    assert letter_for_reference(user=people.organiser, reference=letter_reference(poll.pk)) is None
    handler = OrganiserTask.objects.get(pk=envelope.pk).assignee
    assert letter_for_reference(user=handler, reference=letter_reference(poll.pk)) == poll


def test_the_letters_queue_shows_each_reply_slips_own_reference(client, people, meeting, grace):
    """Papers and a poll share one envelope: the slip inside is the poll's, so the queue gives the poll's
    reference (RT00024), not the papers' (RT00008) that heads the letter."""
    services.paper_add(actor=people.organiser, meeting=meeting, title="Agenda", upload=_paper("Agenda", "a.pdf"))
    services.papers_release(actor=people.organiser, meeting=meeting)
    services.poll_create(
        actor=people.organiser, project=people.project, data={"title": "Summer workshop"},
        options=[(at(10, 14), at(10, 16))],
    )  # fmt: skip
    papers, _envelope = _letter_for(grace, "meeting_papers")
    poll = Message.objects.get(recipient=grace, kind="meeting_poll")
    message_deliver(message_id=poll.pk)

    client.force_login(people.organiser)
    page = client.get(reverse("notifications:letters")).content.decode()
    slip = "This letter has a reply slip. When it comes back, enter the answers with the reference {}."
    assert slip.format(letter_reference(poll.pk)) in page
    assert page.count("This letter has a reply slip.") == 1
    assert letter_reference(papers.pk) not in page.split("This letter has a reply slip.")[1].split("</p>")[0]
