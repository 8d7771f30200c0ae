"""The health check's evidence about decisions and round tables, read as it stood at a moment (issue 15)."""
# ruff: noqa: F811 - the standing fixtures come from the meetings tests

from __future__ import annotations

import datetime as dt

import pytest

from roundtable.decisions import round_tables, services
from roundtable.decisions.round_tables_selectors import round_table_evidence
from roundtable.decisions.selectors import decision_evidence, health_evidence
from roundtable.decisions.tests.factories import ProposalFactory
from roundtable.meetings import services as meeting_services
from roundtable.meetings.tests.conftest import NOW, at, clock, media, meeting_data, people  # noqa: F401


def test_a_decision_closed_later_was_open_at_the_moment(people, clock):
    ProposalFactory(project=people.project, created_by=people.organiser, partner_votes=[people.partner], closed=True)
    late = ProposalFactory(
        project=people.project, created_by=people.organiser, staff_votes=[people.organiser, people.admin]
    )
    moment = NOW + dt.timedelta(hours=1)
    clock.move_to(NOW + dt.timedelta(days=1))
    services.vote_cast(actor=people.joe, proposal=late, choice=[[late.options.get(code="disagree").pk, 1]])
    services.proposal_close(actor=people.organiser, proposal=late, outcome="We went ahead.")
    ProposalFactory(project=people.project, created_by=people.organiser, without_partners_reason="Urgent.")
    then = decision_evidence(people.project, as_of=moment)
    assert (then["proposals"], then["open"], then["closed"], then["with_partners_voting"]) == (2, 1, 1, 1)
    assert (then["carried_against_partners"], then["made_without_partners"]) == (0, 0)
    now = decision_evidence(people.project)
    assert (now["proposals"], now["open"], now["closed"], now["with_partners_voting"]) == (3, 0, 3, 2)
    assert (now["carried_against_partners"], now["made_without_partners"]) == (1, 1)
    assert decision_evidence(people.project, as_of=NOW + dt.timedelta(days=2)) == now


def test_turns_recorded_later_do_not_count_at_the_moment(people, clock):
    meeting = meeting_services.meeting_create(
        actor=people.organiser,
        project=people.project,
        notify=False,
        already_held=True,
        data=meeting_data(starts_at=at(2, 10), ends_at=at(2, 12)),
    )
    item = meeting_services.agenda_item_add(
        actor=people.organiser,
        meeting=meeting,
        data={"title": "Round", "minutes": 20, "kind": "discussion", "round_the_table": True},
    )
    clock.move_to(at(2, 10, 30))
    round_table = round_tables.round_table_start(actor=people.organiser, item=item)
    round_tables.round_table_turn_record(
        actor=people.organiser, round_table=round_table, person=people.partner, outcome="spoke"
    )
    clock.move_to(at(2, 11))
    round_tables.round_table_turn_record(
        actor=people.organiser, round_table=round_table, person=people.joe, outcome="passed"
    )
    then = round_table_evidence(people.project, as_of=at(2, 10, 45))
    assert (then["rounds"], then["partners_spoke"], then["partners_passed"]) == (1, 1, 0)
    assert round_table_evidence(people.project, as_of=at(2, 10, 15))["rounds"] == 0
    assert round_table_evidence(people.project, as_of=at(2, 12)) == round_table_evidence(people.project)


@pytest.mark.parametrize("size", [1, 5])
def test_reading_as_at_a_moment_costs_the_same_queries(people, size, django_assert_num_queries):
    for _ in range(size):
        ProposalFactory(
            project=people.project, created_by=people.organiser, partner_votes=[people.partner], closed=True
        )
    with django_assert_num_queries(3):
        evidence = health_evidence(people.project, as_of=NOW + dt.timedelta(hours=1))
    assert evidence["decisions"]["closed"] == size
