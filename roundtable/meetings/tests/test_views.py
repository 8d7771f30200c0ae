"""Pages: who may see what (a permission table), bad input kept with a clear message, and downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from roundtable.meetings import services
from roundtable.meetings.models import Meeting, Paper, Poll
from roundtable.meetings.tests.conftest import PDF, at


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def world(people, meeting):
    paper = services.paper_add(
        actor=people.organiser,
        meeting=meeting,
        title="Agenda",
        upload=SimpleUploadedFile("agenda.pdf", PDF, content_type="application/pdf"),
    )
    poll = services.poll_create(
        actor=people.organiser, project=people.project, data={"title": "Next"}, options=[(at(10, 20), at(10, 21))]
    )
    people.meeting, people.paper, people.poll = meeting, paper, poll
    return people


ROLES = ["organiser", "admin", "finance", "partner", "professional", "outsider", "anonymous"]
VIEW = {
    "organiser": 200,
    "admin": 200,
    "finance": 200,
    "partner": 200,
    "professional": 200,
    "outsider": 404,
    "anonymous": 302,
}
ORGANISE = {**VIEW, "finance": 403, "partner": 403, "professional": 403}
UNRELEASED = {**VIEW, "finance": 404, "partner": 404, "professional": 404}

PAGES = [
    ("list", "/projects/{p}/meetings/", VIEW),
    ("meeting", "/projects/{p}/meetings/{m}/", VIEW),
    ("ics", "/projects/{p}/meetings/{m}/meeting.ics", VIEW),
    ("poll", "/projects/{p}/meetings/polls/{poll}/", VIEW),
    ("new", "/projects/{p}/meetings/new/", ORGANISE),
    ("edit", "/projects/{p}/meetings/{m}/edit/", ORGANISE),
    ("cancel", "/projects/{p}/meetings/{m}/cancel/", ORGANISE),
    ("messages", "/projects/{p}/meetings/{m}/messages/", ORGANISE),
    ("agenda", "/projects/{p}/meetings/{m}/agenda/", ORGANISE),
    ("papers", "/projects/{p}/meetings/{m}/papers/", ORGANISE),
    ("attendance", "/projects/{p}/meetings/{m}/attendance/", ORGANISE),
    ("poll_new", "/projects/{p}/meetings/polls/new/", ORGANISE),
    ("unreleased paper", "/projects/{p}/meetings/{m}/papers/{paper}/download/", UNRELEASED),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_permission_table(world, role, name, url, expected):
    user = None if role == "anonymous" else getattr(world, role)
    path = url.format(p=world.project.pk, m=world.meeting.pk, poll=world.poll.pk, paper=world.paper.pk)
    assert client_for(user).get(path).status_code == expected[role]


def test_released_paper_downloads_for_members_only(world):
    services.papers_release(actor=world.organiser, meeting=world.meeting)
    path = f"/projects/{world.project.pk}/meetings/{world.meeting.pk}/papers/{world.paper.pk}/download/"
    response = client_for(world.partner).get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="agenda.pdf"')
    assert client_for(world.outsider).get(path).status_code == 404


def test_papers_in_another_project_are_not_found(world):
    from roundtable.projects import services as project_services

    other = project_services.project_create(
        actor=world.organiser, organisation=world.organisation, title="Other", visibility="invite_only"
    )
    path = f"/projects/{other.pk}/meetings/{world.meeting.pk}/papers/{world.paper.pk}/download/"
    assert client_for(world.organiser).get(path).status_code == 404


def test_uploaded_files_have_no_public_address(world, settings):
    assert world.paper.file.name.startswith(f"meetings/{world.project.pk}/")
    assert client_for(world.partner).get(settings.MEDIA_URL + world.paper.file.name).status_code == 404


FORM = {
    "title": "Planning",
    "purpose": "",
    "format": "online",
    "date": "24/03/2026",
    "start_time": "8pm",
    "end_time": "21:30",
    "overrun_minutes": "15",
    "join_url": "https://meet.example/x",
}


class TestBadInput:
    def post(self, people, path, data):
        return client_for(people.organiser).post(path.format(p=people.project.pk), data)

    def test_a_meeting_in_the_past(self, people):
        response = self.post(people, "/projects/{p}/meetings/new/", {**FORM, "date": "01/03/2026"})
        assert response.status_code == 200
        assert "The meeting must be in the future" in response.content.decode()
        assert 'value="Planning"' in response.content.decode()  # nothing typed is lost
        assert not Meeting.objects.exists()

    def test_an_end_before_the_start(self, people):
        response = self.post(people, "/projects/{p}/meetings/new/", {**FORM, "end_time": "7pm"})
        html = response.content.decode()
        assert "The end time must be after the start time" in html
        assert 'href="#id_end_time"' in html and 'value="7PM"' in html.replace("7pm", "7PM")

    def test_a_good_meeting_is_booked_with_clock_times(self, people):
        response = self.post(people, "/projects/{p}/meetings/new/", FORM)
        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert meeting.starts_at == at(24, 20) and meeting.ends_at == at(24, 21, 30)

    def test_a_poll_with_no_options(self, people):
        response = self.post(people, "/projects/{p}/meetings/polls/new/", {"title": "Next", "format": "online"})
        html = response.content.decode()
        assert response.status_code == 400
        assert "Add at least one date and time" in html and 'href="#id_o1_date"' in html
        assert not Poll.objects.exists()

    def test_a_poll_row_half_filled(self, people):
        response = self.post(
            people,
            "/projects/{p}/meetings/polls/new/",
            {"title": "Next", "format": "online", "o1_date": "10/03/2026", "o1_start_time": "8pm"},
        )
        assert "Enter the end time" in response.content.decode()
        assert 'value="10/03/2026"' in response.content.decode()

    @pytest.mark.parametrize(
        ("name", "body", "words"),
        [("run.exe", b"MZ", "must be a PDF, Word"), ("fake.docx", b"%PDF-1.4", "does not look like a real .docx")],
    )
    def test_a_paper_of_the_wrong_type(self, people, meeting, name, body, words):
        path = f"/projects/{people.project.pk}/meetings/{meeting.pk}/papers/"
        upload = SimpleUploadedFile(name, body)
        response = client_for(people.organiser).post(
            path, {"form": "upload", "title": "Keep me", "format": "standard", "file": upload}
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert words in html and 'value="Keep me"' in html and "up to 20 MB" in html
        assert not Paper.objects.exists()


def test_the_meeting_page_shows_clock_times_breaks_and_overrun(people):
    meeting = services.meeting_create(
        actor=people.organiser,
        project=people.project,
        data={
            "title": "Long",
            "format": "online",
            "join_url": "https://m.example",
            "starts_at": at(24, 18),
            "ends_at": at(24, 20, 30),
        },
    )
    for title, minutes in (("Welcome", 10), ("Sleep diaries", 50), ("What to measure", 40)):
        services.agenda_item_add(
            actor=people.organiser,
            meeting=meeting,
            data={
                "title": title,
                "minutes": minutes,
                "kind": "discussion",
                "round_the_table": title == "What to measure",
                "prepare": "Read the paper",
                "prepare_minutes": 20,
            },
        )
    html = client_for(people.partner).get(f"/projects/{people.project.pk}/meetings/{meeting.pk}/").content.decode()
    assert "6pm – 6:10pm" in html and "7pm – 7:10pm" in html  # break added after the first hour
    assert "Round the table" in html and "Open discussion" in html
    assert "8:30pm – 8:45pm" in html  # planned overrun shown
    assert "To prepare (20 minutes, paid)" in html


def test_a_partner_answers_a_poll_without_javascript(people):
    poll = services.poll_create(
        actor=people.organiser,
        project=people.project,
        data={"title": "Next"},
        options=[(at(10, 14), at(10, 15)), (at(10, 20), at(10, 21))],
    )
    a, b = poll.options.order_by("starts_at")
    client = client_for(people.partner)
    html = client.get(f"/projects/{people.project.pk}/meetings/polls/{poll.pk}/").content.decode()
    assert "Your profile says you can meet from 8pm" in html
    assert f'name="answer_{a.pk}" value="no"' in html and "checked" in html
    response = client.post(
        f"/projects/{people.project.pk}/meetings/polls/{poll.pk}/",
        {"form": "answer", f"answer_{a.pk}": "no", f"reason_{a.pk}": "childcare", f"answer_{b.pk}": "yes"},
    )
    assert response.status_code == 302
    organiser = (
        client_for(people.organiser).get(f"/projects/{people.project.pk}/meetings/polls/{poll.pk}/").content.decode()
    )
    assert "Would be left out: Amira Hassan" in organiser and "1 person: Childcare" in organiser
    response = client_for(people.organiser).post(
        f"/projects/{people.project.pk}/meetings/polls/{poll.pk}/book/", {"option": b.pk}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.starts_at == at(10, 20)


def test_the_snippet_for_the_project_page(people, meeting):
    from django.template.loader import render_to_string

    from roundtable.meetings.selectors import project_panel

    data = project_panel(project=people.project, access=None, user=None)
    html = render_to_string("meetings/panels/project.html", {"project": people.project, "data": data})
    assert meeting.title in html and f"/projects/{people.project.pk}/meetings/" in html


def test_the_attendance_page_refuses_an_end_later_than_now_and_keeps_what_was_typed(people, meeting, clock):
    """Time is paid only once it has happened (issue 11): at 21:00, a meeting cannot be recorded as ending at 21:30."""
    from django.urls import reverse

    clock.move_to(at(24, 21))
    client = client_for(people.organiser)
    data = {"start_time": "20:00", "end_time": "21:30", "notes": "We agreed to meet in May."}
    for user, _role in services.attendance_people(meeting):
        data[f"status_{user.pk}"] = "apologies"
    response = client.post(reverse("meetings:attendance", args=[people.project.pk, meeting.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400 and "The end time cannot be later than now." in html
    assert "We agreed to meet in May." in html and 'value="21:30"' in html
    meeting.refresh_from_db()
    assert meeting.attendance_recorded_at is None
