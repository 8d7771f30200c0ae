"""A published project with members who take part in every way, and one who left, built by the factories
(docs/testing.md)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.accounts.models import User
from roundtable.projects import services
from roundtable.projects.models import Project, StaffRole
from roundtable.projects.tests.conftest import make_person
from roundtable.projects.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    StaffMembershipFactory,
)

# Every test here runs on a frozen clock: Monday 2 March 2026, 10am in London. The offer promises the
# outcome by 31 July 2027, so on the real clock the nudge tests began to fail in mid-2027.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def person(email, name, **profile) -> User:
    """A person with a profile; someone with no email does not use the web."""
    return make_person(email, name, uses_web=email is not None, **profile)


class World:
    pass


def build_world(extra_members: int = 0) -> World:
    """Amira (texts), Joe (calls), Grace (letters) and Łucja (who left) in one published project,
    added by the organiser on their behalf, and ``extra_members`` more who read email."""
    w = World()
    w.admin = person("priya@example.com", "Priya Shah", channels=["email"])
    w.organiser = person("tom@example.com", "Tom Reid", channels=["email"])
    w.amira = person("amira@example.com", "Amira Hassan", channels=["text", "email"], phone="07700 900461")
    w.joe = person("joe@example.com", "Joe Bennett", channels=["phone", "email"], phone="07700 900782")
    w.grace = person(None, "Grace Williams", channels=["letter"], postal_address="4 Mill Lane\nNorthfield",
                     formats=["large_print"])  # fmt: skip
    w.lucja = person("lucja@example.com", "Łucja Nowak", channels=["email"])
    w.outsider = person("nosy@example.com", "Nosy Parker")
    org = OrganisationFactory(admin=w.admin, name="University", kind="research")
    StaffMembershipFactory(organisation=org, user=w.organiser, role=StaffRole.ORGANISER)
    w.project = ProjectFactory(organisation=org, created_by=w.organiser, title="Better sleep")
    members = [w.amira, w.joe, w.grace, w.lucja]
    members += [person(f"m{n}@example.com", f"Member {n}", channels=["email"]) for n in range(extra_members)]
    w.memberships = {
        m.pk: MembershipFactory(project=w.project, user=m, invited_by=w.organiser, joined="proxy") for m in members
    }
    services.membership_leave(actor=w.lucja, membership=w.memberships[w.lucja.pk], reason="Moved away")
    return w


@pytest.fixture
def world(db) -> World:
    return build_world()


def refresh_project(w: World) -> Project:
    w.project = Project.objects.get(pk=w.project.pk)
    return w.project


@pytest.fixture
def today():
    return dt.date(2026, 3, 2)
