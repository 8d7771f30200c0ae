"""Joe prefers phone calls and Easy Read: the calls he gets can be followed, and his format comes first.

Issue 12, "Joe gets calls he can follow": call scripts read web addresses aloud and said
"(Easy Read) (Easy Read)"; the script must be written to be spoken, say how the Easy Read paper
reaches him and record what he said. His Easy Read version is listed first for him on the meeting
page, and lengths of time show in hours and minutes.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from roundtable.meetings import services
from roundtable.meetings.tests.conftest import PDF, at
from roundtable.notifications.models import OrganiserTask, TaskKind

WEB_ADDRESS = re.compile(r"https?://|www\.|\.ics\b|/projects/")


def pdf(name="outline.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def joe_by_phone(people):
    profile = people.joe.profile
    profile.phone = "07700 900782"
    profile.save()
    return people.joe


@pytest.fixture
def papers(people, meeting, joe_by_phone, django_capture_on_commit_callbacks):
    original = services.paper_add(
        actor=people.organiser, meeting=meeting, title="Study outline", upload=pdf(), summary="What we will ask."
    )
    easy = services.paper_add(
        actor=people.organiser,
        meeting=meeting,
        title="Study outline (Easy Read)",
        upload=pdf("easy.pdf"),
        format="easy_read",
        version_of=original,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.papers_release(actor=people.organiser, meeting=meeting)
    return original, easy


def _call_scripts(people, joe) -> list[str]:
    page = client_for(people.organiser).get(reverse("notifications:calls"))
    assert page.status_code == 200
    html = page.content.decode()
    assert OrganiserTask.objects.filter(kind=TaskKind.CALL, message__recipient=joe).exists()
    return re.findall(r"What to say</h3>(.*?)</div>", html, flags=re.S)


def test_the_call_about_papers_reads_no_web_address_and_says_easy_read_once(people, joe_by_phone, papers):
    scripts = _call_scripts(people, joe_by_phone)
    papers_script = next(s for s in scripts if "Papers for" in s)
    assert not WEB_ADDRESS.search(papers_script.replace("[Do not read out web addresses", ""))
    assert "(Easy Read) (Easy Read)" not in papers_script
    assert "Study outline (Easy Read)" in papers_script
    assert "Join online" not in papers_script  # the label goes with its address
    # How the Easy Read paper reaches him (Joe has an email address and no postal address).
    assert "We will email the Easy Read version to you today" in papers_script
    assert "joe@example.com" in papers_script
    # What he said is recorded.
    assert "Write down what Joe said" in papers_script


def test_the_call_about_a_new_meeting_reads_no_calendar_address(people, meeting, joe_by_phone):
    # The booking message says where the calendar file is; the call must not read that out.
    from roundtable.notifications.channels.phone import call_script
    from roundtable.notifications.models import Message

    message = Message.objects.get(recipient=people.joe, kind="meeting_scheduled")
    assert ".ics" in message.body  # the written message keeps it
    script = call_script(message)
    assert ".ics" not in script and "http" not in script
    assert "Tuesday 24 March 2026" in script


def test_the_papers_message_says_each_format_once(people, papers):
    from roundtable.notifications.models import Message

    body = Message.objects.filter(recipient=people.partner, kind="meeting_papers").get().body
    assert "- Study outline (Easy Read)" in body.splitlines()
    assert "(Easy Read) (Easy Read)" not in body
    assert "- Study outline (Standard)" in body


def test_joe_sees_his_easy_read_version_first_on_the_meeting_page(people, meeting, papers):
    original, easy = papers
    url = reverse("meetings:meeting", args=[people.project.pk, meeting.pk])
    joe_page = client_for(people.joe).get(url).content.decode()
    first_easy = joe_page.index(reverse("meetings:paper_download", args=[people.project.pk, meeting.pk, easy.pk]))
    first_standard = joe_page.index(
        reverse("meetings:paper_download", args=[people.project.pk, meeting.pk, original.pk])
    )
    assert first_easy < first_standard
    assert "Your format" in joe_page
    assert "(Easy Read) (Easy Read" not in joe_page and "(Easy Read, Easy Read" not in joe_page

    amira_page = client_for(people.partner).get(url).content.decode()
    amira_standard = amira_page.index(
        reverse("meetings:paper_download", args=[people.project.pk, meeting.pk, original.pk])
    )
    amira_easy = amira_page.index(reverse("meetings:paper_download", args=[people.project.pk, meeting.pk, easy.pk]))
    assert amira_standard < amira_easy
    assert "Your format" not in amira_page


def test_lengths_of_time_show_in_hours_and_minutes(people):
    meeting = services.meeting_create(
        actor=people.organiser,
        project=people.project,
        data={
            "title": "Long session",
            "purpose": "Plan.",
            "format": "online",
            "starts_at": at(24, 18),
            "ends_at": at(24, 19, 30),
            "join_url": "https://meet.example/abc",
            "overrun_minutes": 90,
        },
    )
    page = client_for(people.joe).get(reverse("meetings:meeting", args=[people.project.pk, meeting.pk]))
    html = page.content.decode()
    assert "(1 hour 30 minutes) in case we run over" in html
    assert "90 minutes" not in html and "1.5 hours" not in html and "1 h 30 min" not in html


def test_the_call_form_asks_what_joe_said_and_keeps_it(people, joe_by_phone, papers):
    page = client_for(people.organiser).get(reverse("notifications:calls")).content.decode()
    assert "What they said (optional)" in page
    # The caller gets the link (to find the Easy Read paper to send), marked not to read out.
    assert "Link for you" in page and "Do not read it out." in page
    task = OrganiserTask.objects.filter(kind=TaskKind.CALL, message__recipient=people.joe).first()
    response = client_for(people.organiser).post(
        reverse("notifications:task_done", args=[task.pk]),
        {
            f"task-{task.pk}-result": "spoke",
            f"task-{task.pk}-outcome": "He will come. He wants the Easy Read papers by post.",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.outcome == "He will come. He wants the Easy Read papers by post."
