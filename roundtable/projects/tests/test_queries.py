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


def test_members_are_shown_a_page_at_a_time(client, people):
    for i in range(55):
        person = make_person(f"many{i}@example.com", f"Many {i:02d}", naming="full_name")
        services.member_add_by_proxy(actor=people.organiser, project=people.project, user=person)
    client.force_login(people.partner)
    project_page = client.get(reverse("projects:project", args=[people.project.pk])).content.decode()
    assert "And 45 more." in project_page  # 57 members, 12 shown
    members_url = reverse("projects:members", args=[people.project.pk])
    first = client.get(members_url).content.decode()
    assert "Next page" in first and "Previous page" not in first
    second = client.get(members_url + "?page=2").content.decode()
    assert "Previous page" in second and "Next page" not in second
    assert client.get(members_url + "?page=3").status_code == 404
    assert client.get(members_url + "?page=lots").status_code == 200
