"""Keeping only what is needed: the sweep removes what is past its period, once, and says what it did."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from roundtable.accounts.models import User
from roundtable.audit.models import AuditEvent
from roundtable.feedback.models import Feedback
from roundtable.feedback.tests.factories import FeedbackFactory
from roundtable.lib import periodic
from roundtable.notifications.models import Message
from roundtable.payments.models import Claim
from roundtable.projects import services as project_services
from roundtable.projects.models import Membership
from roundtable.yourdata import services
from roundtable.yourdata.models import DataRequest
from roundtable.yourdata.retention import retention_sweep
from roundtable.yourdata.tests.world import lucja_world

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # the night the clocks go forward, a Sunday


def counts(lines) -> dict[str, int]:
    return {line.kind: line.count for line in lines}


def test_the_sweep_removes_what_is_past_its_period_and_only_that(settings):
    with time_machine.travel(START, tick=False):
        w = lucja_world()
        FeedbackFactory(project=w.project)
        request = services.data_request_create(person=w.lucja, actor=w.lucja)
        services.data_request_build(request_id=request.pk)
        project_services.membership_leave(
            actor=w.lucja, membership=Membership.objects.get(user=w.lucja, project=w.project)
        )
        messages_then = Message.objects.count()
        audit_then = AuditEvent.objects.count()
    # A day later: only the download link has not run out yet; nothing else is old.
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert sum(counts(retention_sweep()).values()) == 0
    with time_machine.travel(START + dt.timedelta(days=settings.DATA_DOWNLOAD_DAYS, hours=1), tick=False):
        assert counts(retention_sweep())["downloads"] == 1
        request.refresh_from_db()
        assert request.status == DataRequest.Status.EXPIRED and not request.archive
    # Past the period for messages (2 years) and for people who left (2 years): both go.
    two_years = START + dt.timedelta(days=settings.RETENTION["messages"]["days"] + 1)
    with time_machine.travel(two_years, tick=False):
        done = counts(retention_sweep())
        assert 0 < done["messages"] <= messages_then
        assert done["left_profiles"] == 1 and done["audit"] == 0 and done["receipts"] == 0
        assert User.objects.get(pk=w.lucja.pk).full_name == "A former member"
        assert Feedback.objects.exists()  # 3 years for anonymous feedback
        # Idempotent: a second run the same night finds nothing more.
        assert sum(counts(retention_sweep()).values()) == 0
    with time_machine.travel(START + dt.timedelta(days=3 * 365 + 1), tick=False):
        assert counts(retention_sweep())["anonymous_feedback"] == 1
    # Seven years on, receipts go and the claim and ledger stay; audit rows from the start are gone.
    with time_machine.travel(START + dt.timedelta(days=7 * 365 + 1), tick=False):
        done = counts(retention_sweep())
        assert done["receipts"] == 1 and done["audit"] > 0
        claim = Claim.objects.get(pk=w.claim.pk)
        assert not claim.receipt and Claim.objects.filter(pk=w.claim.pk).exists()
        assert AuditEvent.objects.filter(created_at__lt=START + dt.timedelta(days=365)).count() == 0
        assert audit_then > 0


def test_someone_still_in_a_project_is_never_swept():
    with time_machine.travel(START, tick=False):
        w = lucja_world()
    with time_machine.travel(START + dt.timedelta(days=10 * 365), tick=False):
        retention_sweep()
    assert User.objects.get(pk=w.lucja.pk).is_active


def test_the_command_prints_what_it_did():
    with time_machine.travel(START, tick=False):
        lucja_world()
    out = StringIO()
    with time_machine.travel(START + dt.timedelta(days=800), tick=False):
        call_command("retention_sweep", stdout=out)
    text = out.getvalue()
    assert "messages: " in text and "messages deleted" in text and "receipts: 0" in text
    assert "left_profiles: 0" in text


def test_the_sweep_is_a_periodic_job():
    assert "yourdata.retention" in {job.name for job in periodic.jobs()}
