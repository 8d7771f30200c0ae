"""The project page is built from panels that higher apps register (projects/panels.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.lib.panels import PanelRegistry
from roundtable.projects import panels
from roundtable.projects.panels import ProjectPanel, project_panels, register_project_panel
from roundtable.projects.permissions import project_access


@pytest.fixture
def own_registry(monkeypatch):
    """An empty registry for the test, so the apps' own panels are untouched."""
    monkeypatch.setattr(panels, "PROJECT_PAGE", PanelRegistry("project page"))


def test_panels_come_lowest_order_first_and_none_hides_one(own_registry, people):
    seen = []

    def data(name, result):
        def read(*, project, access, user):
            seen.append((name, project, user))
            return result

        return read

    register_project_panel(ProjectPanel(key="late", order=50, template="late.html", data=data("late", {"n": 1})))
    register_project_panel(ProjectPanel(key="early", order=10, template="early.html", data=data("early", {})))
    register_project_panel(ProjectPanel(key="hidden", order=20, template="hidden.html", data=data("hidden", None)))
    access = project_access(people.partner, people.project)
    shown = project_panels(project=people.project, access=access, user=people.partner)
    assert [(panel.key, value) for panel, value in shown] == [("early", {}), ("late", {"n": 1})]
    assert sorted(name for name, *_ in seen) == ["early", "hidden", "late"]
    assert all(project == people.project and user == people.partner for _, project, user in seen)


def test_the_same_key_again_replaces_the_panel(own_registry, people):
    register_project_panel(ProjectPanel(key="x", order=1, template="a.html", data=lambda **kw: {}))
    register_project_panel(ProjectPanel(key="x", order=1, template="b.html", data=lambda **kw: {}))
    access = project_access(people.partner, people.project)
    shown = project_panels(project=people.project, access=access, user=people.partner)
    assert [panel.template for panel, _ in shown] == ["b.html"]


def test_every_higher_app_registers_its_panel_in_the_page_order():
    keys = [panel.key for panel in panels.PROJECT_PAGE.panels()]
    assert keys[:8] == [
        "meetings",
        "decisions",
        "ground_rules",
        "conversation",
        "feedback",
        "credits",
        "updates",
        "payments",
    ]


def test_the_project_page_draws_the_panels_in_order(client, people):
    client.force_login(people.partner)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("projects:project", args=[people.project.pk])).content.decode()
    headings = [
        "Meetings",
        "Decisions",
        "Conversation",
        "Have your say",
        "Credit and thanks",
        "Updates and outcomes",
        "Pay and costs",
    ]
    places = [html.index(f">{heading}</h2>") for heading in headings]
    assert places == sorted(places)
    assert html.index("What needs you") < places[0]
    # Session, person, the project with the viewer's membership (1, issue 19), staff roles, members (1, counts on
    # the rows), offer, needs (1), meetings (1: meetings and polls together, issue 19), decisions and conversation
    # (none: links only), ground rules (1), listening (1: boards and barrier counts together, issue 19), ..., the
    # support contacts a partner sees (1, issue 16; organisers get a link instead)
    assert len(queries) == 12, "the project page's query count changed: pin it again only if the change is meant"
