"""Standing people for meeting tests: an organiser, partners with caring constraints, a professional,
finance staff and an outsider, in one published project. Time is frozen with time_machine."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.meetings import services
from roundtable.projects import services as project_services
from roundtable.projects.models import MemberRole, StaffRole
from roundtable.projects.tests.conftest import complete_offer, make_person

LONDON = ZoneInfo("Europe/London")
# A Monday in term time, 10am in London.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def people(db, clock):
    class People:
        admin = make_person("priya@example.com", "Priya Shah", channels=["email"])
        organiser = make_person("tom@example.com", "Tom Reid", channels=["email"])
        finance = make_person("sam@example.com", "Sam Okafor")
        partner = make_person(
            "amira@example.com",
            "Amira Hassan",
            channels=["text", "email"],
            naming="first_name",
            meeting_days=["mon", "tue", "wed", "thu", "fri"],
            meeting_from=dt.time(20, 0),
            notice_days=7,
        )
        joe = make_person(
            "joe@example.com", "Joe Bennett", channels=["phone", "email"], formats=["easy_read"], notice_days=10
        )
        professional = make_person("dr.lee@example.com", "Dr Ann Lee", naming="full_name")
        outsider = make_person("nosy@example.com", "Nosy Parker")

    p = People()
    p.organisation = project_services.organisation_create(
        actor=p.admin, name="University of Northfield", kind="research"
    )
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


def meeting_data(**overrides) -> dict:
    data = {
        "title": "Planning the study",
        "purpose": "Agree what to measure.",
        "format": "online",
        "starts_at": at(24, 20),
        "ends_at": at(24, 21, 30),
        "join_url": "https://meet.example/abc",
    }
    data.update(overrides)
    return data


@pytest.fixture
def meeting(people):
    return services.meeting_create(actor=people.organiser, project=people.project, data=meeting_data())


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
