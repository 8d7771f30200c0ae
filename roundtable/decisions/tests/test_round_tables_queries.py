# ruff: noqa: F811 - the fixtures are imported from round_tables_fixtures, and tests take them by name
"""Pinned query counts for round tables: the same number of queries with 1 or many people, turns and rounds."""

from __future__ import annotations

import pytest

from roundtable.decisions import round_tables
from roundtable.decisions.round_tables_selectors import meeting_round_tables, round_page, round_table_evidence
from roundtable.decisions.tests.round_tables_fixtures import at, client_for, clock, held, media, meeting_data, people  # noqa: F401
from roundtable.meetings import services as meeting_services
from roundtable.projects import services as project_services
from roundtable.projects.models import MemberRole
from roundtable.projects.permissions import project_access
from roundtable.projects.tests.conftest import make_person


def grow(world, size: int) -> None:
    """``size`` more partners with turns, and ``size`` more meetings, each with a round and its turns."""
    extra = []
    for n in range(size):
        person = make_person(f"extra{n}@example.com", f"Extra {n}")
        invitation = project_services.invitation_create(
            actor=world.organiser, project=world.project, email=person.email, role=MemberRole.PARTNER
        )
        project_services.invitation_accept(invitation=invitation, user=person)
        extra.append(person)
    round_table = round_tables.round_table_start(actor=world.organiser, item=world.item)
    for n, person in enumerate([world.partner, world.joe, world.professional, *extra]):
        outcome = ("spoke", "passed", "not_there")[n % 3]
        round_tables.round_table_turn_record(
            actor=world.organiser, round_table=round_table, person=person, outcome=outcome
        )
    for n in range(size):
        meeting = meeting_services.meeting_create(
            actor=world.organiser,
            project=world.project,
            notify=False,
            already_held=True,
            data=meeting_data(title=f"Earlier {n}", starts_at=at(1, 10 + n % 8), ends_at=at(1, 11 + n % 8)),
        )
        item = meeting_services.agenda_item_add(
            actor=world.organiser,
            meeting=meeting,
            data={"title": "Round", "minutes": 20, "kind": "discussion", "round_the_table": True},
        )
        earlier = round_tables.round_table_start(actor=world.organiser, item=item)
        round_tables.round_table_turn_record(
            actor=world.organiser, round_table=earlier, person=world.partner, outcome="spoke"
        )


@pytest.mark.parametrize("size", [0, 6])
def test_round_table_reads_do_not_grow_with_the_data(held, size, django_assert_num_queries):
    grow(held, size)
    access = project_access(held.organiser, held.project)
    with django_assert_num_queries(4):  # round, members, register, turns
        page = round_page(meeting=held.meeting, item=held.item, access=access)
    assert len(page.seats) == 3 + size
    with django_assert_num_queries(4):  # items with their rounds, members, register, turns
        panel = meeting_round_tables(meeting=held.meeting, user=held.organiser, access=access)
    assert panel.rounds[0].summary.everyone_offered
    with django_assert_num_queries(2):  # turns by outcome with the rounds, partners missed
        evidence = round_table_evidence(held.project)
    assert evidence["rounds"] == 1 + size


@pytest.mark.parametrize("size", [0, 6])
def test_the_turn_list_page_costs_the_same(held, size, django_assert_num_queries):
    grow(held, size)
    client = client_for(held.organiser)
    url = f"/projects/{held.project.pk}/meetings/{held.meeting.pk}/round-tables/{held.item.pk}/"
    client.get(url)  # the session and the sign-in are read once
    # 12 whatever the number of people, turns and rounds (the page's own reads are 4 of them)
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
