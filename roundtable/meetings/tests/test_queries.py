"""Pinned query counts: each page costs the same number of queries at two data sizes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from roundtable.meetings import services
from roundtable.meetings.tests.conftest import PDF, at, make_person
from roundtable.projects import services as project_services
from roundtable.projects.models import MemberRole


def grow(people, size: int):
    """`size` extra members, meetings (each with agenda items, papers and a register) and poll answers."""
    for n in range(size):
        person = make_person(f"extra{n}@example.com", f"Extra {n}", formats=["large_print"], notice_days=n % 12)
        invitation = project_services.invitation_create(
            actor=people.organiser, project=people.project, email=person.email, role=MemberRole.PARTNER
        )
        project_services.invitation_accept(invitation=invitation, user=person)
    meetings = []
    for n in range(size):
        meeting = services.meeting_create(
            actor=people.organiser,
            project=people.project,
            notify=False,
            data={
                "title": f"M{n}",
                "format": "online",
                "join_url": "https://m.example",
                "starts_at": at(20, 10) + dt.timedelta(days=n),
                "ends_at": at(20, 12) + dt.timedelta(days=n),
            },
        )
        for i in range(3):
            services.agenda_item_add(
                actor=people.organiser, meeting=meeting, data={"title": f"I{i}", "minutes": 30, "kind": "item"}
            )
        services.paper_add(
            actor=people.organiser, meeting=meeting, title="P", upload=SimpleUploadedFile("p.pdf", PDF),
            summary=f"What the PPI group found, part {n}.",  # explained on the meeting page: one more query
        )  # fmt: skip
        services.papers_release(actor=people.organiser, meeting=meeting)
        meetings.append(meeting)
        project_services.milestone_add(
            actor=people.organiser,
            project=people.project,
            title=f"Step {n}",
            due=dt.date(2026, 5, 1) + dt.timedelta(days=n),
        )
    poll = services.poll_create(
        actor=people.organiser,
        project=people.project,
        data={"title": "Poll"},
        options=[(at(10, 8) + dt.timedelta(hours=h), at(10, 9) + dt.timedelta(hours=h)) for h in range(min(size, 12))],
    )
    options = list(poll.options.all())
    for membership in people.project.memberships.all():
        services.poll_answer(
            actor=membership.user,
            poll=poll,
            person=membership.user,
            answers={o.pk: ("no", "work", "") for o in options},
        )
    return meetings[0], poll


def client_for(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# Page -> (who, expected queries). Fixed whatever the data size.
EXPECTED = {
    # 5 of each signed-in page are the session, the user, the project, staff roles (also used by the
    # header's staff check) and membership, plus the header's unread count; the rest are the page's own.
    "list_partner": 8,
    "list_organiser": 9,
    # The meeting page explains glossary words in paper summaries: one more query (lib.writing.project_terms,
    # read by the view), and links to its check-in: one more (the check-in panel, feedback.selectors), and
    # its round tables: one more when it has no "round the table" item (decisions.round_tables_selectors).
    # Partners also see the project's support contacts (one query, issue 16; organisers get a link instead),
    # and everyone its agreed ground rules (one query, the safety panel, issue 16). The meeting page reads the
    # project and the viewer's membership in one query (issue 19).
    "meeting_partner": 15,
    "meeting_organiser": 14,
    "poll_partner": 12,
    "poll_organiser": 13,
    "feed": 6,
}


@pytest.mark.parametrize("size", [2, 12])
def test_page_queries_do_not_grow_with_the_data(people, size, django_assert_num_queries):
    meeting, poll = grow(people, size)
    p = people.project.pk
    partner, organiser = client_for(people.partner), client_for(people.organiser)
    token = services.calendar_settings_for(user=people.partner).feed_token
    pages = {
        "list_partner": (partner, f"/projects/{p}/meetings/"),
        "list_organiser": (organiser, f"/projects/{p}/meetings/"),
        "meeting_partner": (partner, f"/projects/{p}/meetings/{meeting.pk}/"),
        "meeting_organiser": (organiser, f"/projects/{p}/meetings/{meeting.pk}/"),
        "poll_partner": (partner, f"/projects/{p}/meetings/polls/{poll.pk}/"),
        "poll_organiser": (organiser, f"/projects/{p}/meetings/polls/{poll.pk}/"),
        "feed": (Client(), f"/calendar/{token}.ics"),
    }
    for name, (client, url) in pages.items():
        client.get(url)  # warm caches that are per process, not per request
        with django_assert_num_queries(EXPECTED[name]):
            assert client.get(url).status_code == 200, name


# Organiser pages whose reads moved into selectors (issue 20), at two data sizes.
ORGANISER_PAGES = {"papers": 15, "attendance": 14, "meeting_ics": 7}


@pytest.mark.parametrize("size", [2, 6])
def test_organiser_meeting_pages_do_not_grow_with_the_data(people, size, django_assert_num_queries):
    meeting, _poll = grow(people, size)
    p = people.project.pk
    organiser = client_for(people.organiser)
    pages = {
        "papers": f"/projects/{p}/meetings/{meeting.pk}/papers/",
        "attendance": f"/projects/{p}/meetings/{meeting.pk}/attendance/",
        "meeting_ics": f"/projects/{p}/meetings/{meeting.pk}/meeting.ics",
    }
    for name, url in pages.items():
        organiser.get(url)  # warm caches that are per process, not per request
        with django_assert_num_queries(ORGANISER_PAGES[name]):
            assert organiser.get(url).status_code == 200, name
