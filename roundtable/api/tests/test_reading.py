"""Reading: cursor paging, date filters, members only as they agreed, papers' release, claims and runs."""

from __future__ import annotations

import datetime as dt

from roundtable.accounts.models import Naming
from roundtable.api.paging import encode_cursor
from roundtable.meetings.tests.factories import MeetingFactory, PaperFactory
from roundtable.projects.tests.factories import ProjectFactory


def test_projects_page_by_cursor_to_the_end(api, people):
    for n in range(4):
        ProjectFactory(organisation=people.organisation, title=f"Project {n}")
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = api.get("/projects", **params).json()
        seen += [p["title"] for p in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["Better sleep", "Project 0", "Project 1", "Project 2", "Project 3"]


def test_project_has_its_role_offer(api, people):
    body = api.get(f"/projects/{people.project.pk}").json()
    assert body["offer"]["pay_rate"] == "25.00" and body["offer"]["currency"] == "GBP"


def test_bad_cursors_are_400_not_500(api):
    for cursor in ["nonsense", "!!!", encode_cursor(1)[:-1] + "%", "YWZ0ZXI6LTE", "x" * 500]:
        response = api.get("/projects", cursor=cursor)
        assert response.status_code == 400, cursor
        assert "cursor" in response.json()["detail"]


def test_wrong_types_in_the_query_are_422(api):
    for params in [{"limit": "many"}, {"limit": 0}, {"limit": 1000}, {"since": "yesterday"}, {"status": "lost"}]:
        response = api.get("/projects", **params)
        assert response.status_code == 422, params
        assert response.json()["errors"]


def test_date_filter(api, people, frozen_clock):
    frozen_clock.shift(dt.timedelta(days=10))
    ProjectFactory(organisation=people.organisation, title="Later")
    titles = [p["title"] for p in api.get("/projects", since="2026-03-05").json()["items"]]
    assert titles == ["Later"]
    titles = [p["title"] for p in api.get("/projects", until="2026-03-05").json()["items"]]
    assert titles == ["Better sleep"]


def test_members_only_as_each_agreed(api, people):
    people.partner.profile.naming = Naming.NOT_NAMED
    people.partner.profile.save()
    people.professional.profile.naming = Naming.PSEUDONYM
    people.professional.profile.pseudonym = "Owl"
    people.professional.profile.save()
    body = api.get(f"/projects/{people.project.pk}/members").json()
    names = [m["name"] for m in body["items"]]
    assert "Owl" in names
    assert people.partner.full_name not in str(body) and people.professional.full_name not in str(body)
    assert body["not_named"] == 1
    assert "email" not in str(body)


def test_meetings_show_papers_release(api, people):
    meeting = MeetingFactory(project=people.project, created_by=people.organiser)
    PaperFactory(meeting=meeting, title="Draft leaflet")
    body = api.get(f"/projects/{people.project.pk}/meetings").json()
    paper = body["items"][0]["papers"][0]
    assert paper["title"] == "Draft leaflet" and paper["released"] is False


def test_claims_filtered_by_status(api, world):
    body = api.get("/claims", status="submitted").json()
    assert [c["id"] for c in body["items"]] == [world.claim.pk]
    assert body["items"][0]["payable"] == "50.00"
    assert api.get("/claims", status="approved").json()["items"] == []
