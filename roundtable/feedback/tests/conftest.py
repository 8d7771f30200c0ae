"""Standing people for listening tests: an organiser, two partners, a professional and an outsider.

Factories put <script> and HTML into every text, so any unescaped output fails a test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from roundtable.feedback import boards, services
from roundtable.feedback.models import Anonymity
from roundtable.projects import services as project_services
from roundtable.projects.models import MemberRole, StaffRole
from roundtable.projects.tests.conftest import complete_offer, make_person

EVIL = '<script>alert("x")</script><b>bold</b>'


def evil(text: str) -> str:
    return f"{text} {EVIL}"


@pytest.fixture
def people(db):
    class People:
        admin = make_person("priya@example.com", "Priya Shah", channels=["email"])
        organiser = make_person("tom@example.com", "Tom Reid", channels=["email"])
        partner = make_person("amira@example.com", "Amira Hassan", channels=["text", "email"], naming="first_name")
        joe = make_person("joe@example.com", "Joe Bennett", channels=["phone", "email"], naming="full_name")
        professional = make_person("dr.lee@example.com", "Ann Lee", naming="full_name")
        finance = make_person("sam@example.com", "Sam Okafor")
        outsider = make_person("nosy@example.com", "Nosy Parker")

    p = People()
    p.organisation = project_services.organisation_create(actor=p.admin, name="University of Northfield")
    project_services.staff_roles_set(
        actor=p.admin, organisation=p.organisation, user=p.organiser, roles={StaffRole.ORGANISER}
    )
    project_services.staff_roles_set(
        actor=p.admin, organisation=p.organisation, user=p.finance, roles={StaffRole.FINANCE}
    )
    p.project = project_services.project_create(
        actor=p.organiser, organisation=p.organisation, title="Better sleep", visibility="invite_only"
    )
    complete_offer(p.project, p.organiser)
    p.project = project_services.project_publish(actor=p.organiser, project=p.project)
    for person, role in (
        (p.partner, MemberRole.PARTNER),
        (p.joe, MemberRole.PARTNER),
        (p.professional, MemberRole.PROFESSIONAL),
    ):
        invitation = project_services.invitation_create(
            actor=p.organiser, project=p.project, email=person.email, role=role
        )
        project_services.invitation_accept(invitation=invitation, user=person)
    return p


def make_board(people, anonymity=Anonymity.HIDDEN, **kw):
    return boards.board_create(
        actor=people.organiser, project=people.project, title=evil("After the meeting"), anonymity=anonymity, **kw
    )


@pytest.fixture
def board(people):
    return make_board(people)


def add_note(people, board, who=None, text="Evenings are better"):
    column = board.columns.first()
    return boards.note_add(actor=who or people.partner, board=board, column=column, text=evil(text))


def raise_barrier(people, who=None, text="Meetings are at school pick-up time"):
    return services.barrier_raise(
        actor=who or people.joe, project=people.project, category="meeting_times", description=evil(text)
    )


@pytest.fixture
def past_meeting(people):
    from django.utils import timezone

    from roundtable.meetings.models import Meeting

    start = timezone.now() - dt.timedelta(hours=3)
    return Meeting.objects.create(
        project=people.project,
        title=evil("Planning"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        created_by=people.organiser,
    )
