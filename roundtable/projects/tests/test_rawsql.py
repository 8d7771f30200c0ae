"""Hand-written reads give back what the ORM would (lib/rawsql.py, tried on the projects models: lib sits below
the apps, so its tests of real models live here)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from roundtable.accounts.models import User
from roundtable.lib.rawsql import Columns, Table, select
from roundtable.projects.models import Membership, Organisation, Project, ProjectStep

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)


def _project() -> Project:
    organisation = Organisation.objects.create(name="Riverside", slug="riverside")
    return Project.objects.create(organisation=organisation, title="Transport", slug="transport", created_at=WHEN)


def test_select_gives_the_same_instances_as_the_orm_in_the_order_asked():
    project = _project()
    for order, title in [(2, "Meet"), (1, "Plan"), (2, "Agree")]:
        ProjectStep.objects.create(project=project, order=order, title=title)
    rows = select(ProjectStep, where={"project": project.pk}, order=("-order", "id"))
    assert [(s.pk, s.title, s.project_id) for s in rows] == [
        (s.pk, s.title, s.project_id) for s in ProjectStep.objects.filter(project=project).order_by("-order", "id")
    ]
    assert select(ProjectStep, where={"project": project.pk + 1}) == []


def test_columns_convert_each_value_as_the_orm_does_and_defer_what_was_not_read():
    project = _project()
    Project.objects.filter(pk=project.pk).update(published_at=WHEN)
    person = User.objects.create_user("amira@example.com", full_name="Amira Hassan")
    Membership.objects.create(project=project, user=person, shared_sections=["contact"], added_by_proxy=True)
    columns = Columns(Membership, "m", ["user", "shared_sections", "added_by_proxy", "joined_at"])
    projects = Columns(Project, "p", ["title", "published_at"])
    m, p = Table(Membership), Table(Project)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns.sql}, {projects.sql} FROM {m} m JOIN {p} p ON p.{p.id} = m.{m.project} "  # noqa: S608
            f"WHERE m.{m.project} = %s",
            [project.pk],
        )
        row = cursor.fetchone()
    read, read_project = columns.instance(row), projects.instance(row, columns.width)
    orm = Membership.objects.get()
    assert (read.pk, read.user_id, read.shared_sections, read.added_by_proxy, read.joined_at) == (
        orm.pk,
        person.pk,
        ["contact"],
        True,
        orm.joined_at,
    )
    assert read.added_by_proxy is True  # a bool, not SQLite's 1
    assert (read_project.title, read_project.published_at) == ("Transport", WHEN)  # aware, not SQLite's text
    assert read.get_deferred_fields() == {
        "project_id",
        "role",
        "status",
        "sharing_chosen_at",
        "onboarding_reminded_at",
        "left_at",
        "leave_reason",
        "added_by_id",
    }
    assert columns.instance((None,) * columns.width) is None  # a LEFT JOIN that found nothing
