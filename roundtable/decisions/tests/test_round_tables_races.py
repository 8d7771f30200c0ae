# ruff: noqa: F811 - the fixtures are imported from round_tables_fixtures, and tests take them by name
"""Two presses at once, on PostgreSQL: two organisers starting the same round make one round; two
turns recorded for one person at once make one turn (the later replaces the earlier), with one audit
row each. Skipped (not faked) on SQLite, as payments/tests/test_races.py."""

from __future__ import annotations

import os

import pytest

from roundtable.audit.models import AuditEvent
from roundtable.decisions import round_tables
from roundtable.decisions.models_rounds import RoundTable, Turn
from roundtable.decisions.tests.round_tables_fixtures import at, clock, held, media, meeting_data, people  # noqa: F401
from roundtable.lib.tests.races import at_once as _at_once
from roundtable.meetings.models import AgendaItem

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL: two writers at once"
    ),
]


def test_two_organisers_start_the_same_round_at_once(held):
    def start(actor):
        return lambda: round_tables.round_table_start(actor=actor, item=AgendaItem.objects.get(pk=held.item.pk))

    rounds = _at_once([start(held.organiser), start(held.admin)])
    assert len({r.pk for r in rounds}) == 1
    assert RoundTable.objects.count() == 1
    assert AuditEvent.objects.filter(action="round_table.started").count() == 1


def test_two_turns_for_one_person_at_once_make_one_turn(held):
    round_table = round_tables.round_table_start(actor=held.organiser, item=held.item)

    def record(actor, outcome):
        return lambda: round_tables.round_table_turn_record(
            actor=actor, round_table=RoundTable.objects.get(pk=round_table.pk), person=held.partner, outcome=outcome
        )

    _at_once([record(held.organiser, "spoke"), record(held.admin, "passed"), record(held.organiser, "spoke")])
    turns = list(Turn.objects.filter(user=held.partner))
    assert len(turns) == 1
    events = list(AuditEvent.objects.filter(action="round_table.turn").order_by("id"))
    # Taken one after the other: each audit row replaced the one before it, none repeats an outcome,
    # and the last is the outcome kept.
    outcomes = [e.details["outcome"] for e in events]
    assert [e.details["replaced"] for e in events] == ["", *outcomes[:-1]]
    assert all(a != b for a, b in zip(outcomes, outcomes[1:], strict=False))
    assert outcomes[-1] == turns[0].outcome
