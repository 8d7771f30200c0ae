"""The updates factories send what the product sends (docs/testing.md): through the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.projects import services as project_services
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory
from roundtable.updates.tests.factories import OutcomeFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


def test_an_update_is_published_now_by_the_projects_creator():
    update = ProgressUpdateFactory()

    assert update.author == update.project.created_by
    assert update.published_at == dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def test_an_outcome_goes_to_past_and_present_members():
    project = ProjectFactory()
    stays = MembershipFactory(project=project)
    leaves = MembershipFactory(project=project)
    project_services.membership_leave(actor=leaves.user, membership=leaves, reason="Moved away")

    outcome = OutcomeFactory(project=project)

    assert outcome.final is True
    assert {(r.user, r.member_status) for r in outcome.recipients.all()} == {
        (stays.user, "active"),
        (leaves.user, "left"),
    }
    assert all(r.message_id for r in outcome.recipients.all())
