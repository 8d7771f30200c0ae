"""Fixtures for round-table tests (imported by each test_round_tables*.py module, so this app's
conftest stays free for the proposals work). The standing people come from the meetings tests:
Priya (admin), Tom (organiser), Sam (finance), Amira and Joe (partners), Dr Lee (professional) and
an outsider, in one project; the clock is frozen at 10am on Monday 2 March 2026."""

from __future__ import annotations

import pytest
from django.test import Client

from roundtable.meetings import services as meeting_services
from roundtable.meetings.tests.conftest import at, clock, media, meeting_data, people  # noqa: F401


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def held(people, clock):  # noqa: F811
    """A meeting from 10am to noon today with two agenda items, the second a round of the table; the
    clock is moved to 10:30am, during the meeting."""
    meeting = meeting_services.meeting_create(
        actor=people.organiser,
        project=people.project,
        notify=False,
        already_held=True,
        data=meeting_data(starts_at=at(2, 10), ends_at=at(2, 12)),
    )
    people.welcome = meeting_services.agenda_item_add(
        actor=people.organiser, meeting=meeting, data={"title": "Welcome", "minutes": 10, "kind": "item"}
    )
    people.item = meeting_services.agenda_item_add(
        actor=people.organiser,
        meeting=meeting,
        data={"title": "What helps at bedtime?", "minutes": 30, "kind": "discussion", "round_the_table": True},
    )
    people.meeting = meeting
    clock.move_to(at(2, 10, 30))
    return people
