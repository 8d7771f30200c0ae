"""A published project with members who take part in every way, and one who left."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.projects import services
from roundtable.projects.models import Project, StaffRole
from roundtable.projects.tests.conftest import complete_offer

# Every test here runs on a frozen clock: Monday 2 March 2026, 10am in London. The offer promises the
# outcome by 31 July 2027, so on the real clock the nudge tests began to fail in mid-2027.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def person(email, name, **profile) -> User:
    user = User.objects.create_user(email, full_name=name, uses_web=email is not None)
    CommunicationProfile.objects.create(user=user, **profile)
    return user


class World:
    pass


def build_world(extra_members: int = 0) -> World:
    w = World()
    w.admin = person("priya@example.com", "Priya Shah", channels=["email"])
    w.organiser = person("tom@example.com", "Tom Reid", channels=["email"])
    w.amira = person("amira@example.com", "Amira Hassan", channels=["text", "email"], phone="07700 900461")
    w.joe = person("joe@example.com", "Joe Bennett", channels=["phone", "email"], phone="07700 900782")
    w.grace = person(None, "Grace Williams", channels=["letter"], postal_address="4 Mill Lane\nNorthfield",
                     formats=["large_print"])  # fmt: skip
    w.lucja = person("lucja@example.com", "Łucja Nowak", channels=["email"])
    w.outsider = person("nosy@example.com", "Nosy Parker")
    org = services.organisation_create(actor=w.admin, name="University", kind="research")
    services.staff_roles_set(actor=w.admin, organisation=org, user=w.organiser, roles={StaffRole.ORGANISER})
    w.project = services.project_create(
        actor=w.organiser, organisation=org, title="Better sleep", visibility="invite_only"
    )
    complete_offer(w.project, w.organiser)
    services.project_publish(actor=w.organiser, project=w.project)
    w.project.refresh_from_db()
    members = [w.amira, w.joe, w.grace, w.lucja]
    members += [person(f"m{n}@example.com", f"Member {n}", channels=["email"]) for n in range(extra_members)]
    w.memberships = {m.pk: services.member_add_by_proxy(actor=w.organiser, project=w.project, user=m) for m in members}
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
