"""Pages whose query count must not grow with the data."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.projects import services
from roundtable.projects.tests.conftest import make_person


def _add_members(people, n: int, start: int) -> None:
    for i in range(start, start + n):
        person = make_person(f"member{i}@example.com", f"Member {i}", naming="full_name")
        services.member_add_by_proxy(actor=people.organiser, project=people.project, user=person)
        project = services.project_create(
            actor=people.organiser, organisation=people.organisation, title=f"Project {i}", visibility="open"
        )
        services.member_add_by_proxy(actor=people.organiser, project=project, user=people.partner)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_key_pages_do_not_grow_with_data(client, people):
    urls = {
        "project (organiser)": (people.organiser, reverse("projects:project", args=[people.project.pk])),
        "project (partner)": (people.partner, reverse("projects:project", args=[people.project.pk])),
        "members": (people.organiser, reverse("projects:members", args=[people.project.pk])),
        "my projects": (people.partner, reverse("projects:my_projects")),
        "dashboard": (people.organiser, reverse("projects:org_dashboard", args=[people.organisation.slug])),
    }
    _add_members(people, 2, 0)
    before = {}
    for name, (user, url) in urls.items():
        client.force_login(user)
        before[name] = _count(client, url)
    _add_members(people, 12, 100)
    for name, (user, url) in urls.items():
        client.force_login(user)
        after = _count(client, url)
        assert after == before[name], f"{name}: {before[name]} queries with little data, {after} with more"
        assert after <= 15, f"{name} makes {after} queries"
