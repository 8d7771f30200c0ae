"""Claims are drafted when the register is recorded, never by opening a page (issue 20)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.payments.models import Claim, ClaimStatus
from roundtable.payments.tests.conftest import held_meeting

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_recording_the_register_drafts_the_claim_so_my_payments_shows_it(
    client, people, uplift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = held_meeting(people, dt.date(2026, 1, 14))
    [claim] = Claim.objects.filter(meeting=meeting)
    assert claim.claimant == people.partner and claim.status == ClaimStatus.DRAFT and claim.automatic
    client.force_login(people.partner)
    page = client.get(reverse("payments:mine")).content.decode()
    assert reverse("payments:claim", args=[claim.pk]) in page


def test_opening_my_payments_writes_nothing(client, people, uplift):
    held_meeting(people, dt.date(2026, 1, 14))  # a register with no drafts yet (the commit never happened)
    client.force_login(people.partner)
    before = (Claim.objects.count(), AuditEvent.objects.count())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("payments:mine")).status_code == 200
    assert (Claim.objects.count(), AuditEvent.objects.count()) == before == (0, before[1])
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
