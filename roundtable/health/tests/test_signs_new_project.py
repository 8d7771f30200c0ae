"""Signs 6 to 10 on a project that has just started: nothing has happened, so there is not enough evidence."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.health.models import Rating
from roundtable.health.selectors import measure_project
from roundtable.projects.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def test_a_new_project_has_not_enough_evidence_on_signs_6_to_10():
    with time_machine.travel(NOW, tick=False):
        project = MembershipFactory().project
        findings = {sign.key: finding for sign, finding in measure_project(project, as_of=NOW) if sign.number >= 6}

    assert sorted(findings) == ["credit", "only_unpaid", "outcome", "papers", "unpaid_work"]
    assert {key: f.rating for key, f in findings.items()} == dict.fromkeys(findings, Rating.NOT_ENOUGH)
    assert all(f.summary and f.value is None for f in findings.values())
