"""Lists that grow are shown a page at a time: the organisation page's projects and "My projects" (issue 19)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from roundtable.projects import services, views_join, views_org
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _more_projects(people, titles: list[str], *, partner_joins: bool = True) -> None:
    for title in titles:
        project = ProjectFactory(organisation=people.organisation, created_by=people.organiser, title=title, draft=True)
        if partner_joins:
            services.member_add_by_proxy(actor=people.organiser, project=project, user=people.partner)


def _titles(html: str, names: list[str]) -> list[str]:
    return [name for name in names if re.search(rf">{re.escape(name)}</a>", html)]


def test_the_organisation_page_lists_its_projects_a_page_at_a_time(client, people, monkeypatch):
    monkeypatch.setattr(views_org, "PROJECTS_PER_PAGE", 2)
    _more_projects(people, ["Arts on prescription", "Cooking together"], partner_joins=False)
    names = ["Arts on prescription", "Better sleep", "Cooking together"]
    client.force_login(people.organiser)
    url = reverse("projects:org_dashboard", args=[people.organisation.slug])
    first = client.get(url).content.decode()
    assert "Next page" in first and "Previous page" not in first
    assert "Projects 1 to 2 of 3." in first
    second = client.get(url + "?page=2").content.decode()
    assert "Previous page" in second and "Next page" not in second
    shown = _titles(first, names) + _titles(second, names)
    assert sorted(shown) == names and len(_titles(second, names)) == 1
    assert "How partners reach you" in second  # the rest of the page is on every page
    assert client.get(url + "?page=3").status_code == 404
    assert client.get(url + "?page=lots").status_code == 200


def test_my_projects_lists_the_projects_a_person_takes_part_in_a_page_at_a_time(client, people, monkeypatch):
    monkeypatch.setattr(views_join, "TAKING_PART_PER_PAGE", 2)
    _more_projects(people, ["Arts on prescription", "Cooking together"])
    names = ["Arts on prescription", "Better sleep", "Cooking together"]
    client.force_login(people.partner)
    url = reverse("projects:my_projects")
    first = client.get(url).content.decode()
    assert "Next page" in first and "Previous page" not in first
    assert "Projects 1 to 2 of 3, newest first." in first
    assert _titles(first, names) == ["Arts on prescription", "Cooking together"]  # the newest first
    second = client.get(url + "?page=2").content.decode()
    assert "Previous page" in second and "Next page" not in second
    assert _titles(second, names) == ["Better sleep"]
    assert "What needs you" in second and "not taking part in any projects" not in second
    assert client.get(url + "?page=3").status_code == 404
    assert client.get(url + "?page=-1").status_code == 200


def test_past_projects_stay_on_my_projects(client, people):
    services.membership_leave(actor=people.partner, membership=people.project.memberships.get(user=people.partner))
    client.force_login(people.partner)
    html = client.get(reverse("projects:my_projects")).content.decode()
    assert "Past projects" in html and "Better sleep" in html
    assert "You are not taking part in any projects yet." in html


def test_my_projects_shows_the_first_projects_an_organisation_runs_and_links_to_them_all(client, people, monkeypatch):
    monkeypatch.setattr(views_join, "ORGANISING_SHOWN", 2)
    _more_projects(people, ["Arts on prescription", "Cooking together"], partner_joins=False)
    client.force_login(people.organiser)
    html = client.get(reverse("projects:my_projects")).content.decode()
    assert _titles(html, ["Arts on prescription", "Better sleep", "Cooking together"]) == [
        "Arts on prescription",
        "Better sleep",
    ]
    assert "These are the first 2 of 3 projects." in html
    dashboard = reverse("projects:org_dashboard", args=[people.organisation.slug])
    assert f'href="{dashboard}">See all 3 projects of University of Northfield</a>' in html


def test_my_projects_lists_every_project_an_organisation_runs_when_there_are_few(client, people):
    client.force_login(people.organiser)
    html = client.get(reverse("projects:my_projects")).content.decode()
    assert "Projects my organisations run" in html and ">Better sleep</a>" in html
    assert "These are the first" not in html
