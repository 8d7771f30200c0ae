"""Private pages (profile, benefits, statements, letters, receipts) tell every cache not to keep them
(`Cache-Control: no-store`, core/middleware.py); every page sends a Permissions-Policy. Issue 11."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.payments import services
from roundtable.payments.models import Claim
from roundtable.payments.tests.conftest import JPEG, held_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 2, 10, 11, 0, tzinfo=dt.UTC), tick=False):
        yield


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and "private" in response.get("Cache-Control", "")


def test_every_private_page_says_no_store(client, people, uplift):
    meeting = held_meeting(people, dt.date(2026, 1, 14))
    [claim] = services.claims_draft_for_meeting(meeting=meeting)
    services.claim_submit(actor=people.partner, claim=claim)
    services.claim_approve(actor=people.organiser, claim=claim)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="BACS 9")
    client.force_login(people.partner)
    expense = reverse("payments:claim_new", args=[people.project.pk, "expense"])
    client.post(
        expense,
        {"submission_key": "e", "work_date": "2026-01-12", "expense_kind": "childcare", "amount": "45.00",
         "receipt": SimpleUploadedFile("receipt.jpg", JPEG, content_type="image/jpeg")},
    )  # fmt: skip
    with_receipt = Claim.objects.exclude(receipt_type="").get()
    pages = {
        "profile": reverse("accounts:profile"),
        "benefits": reverse("payments:benefits"),
        "payments": reverse("payments:mine"),
        "statement": reverse("payments:statement", args=[run.pk]),
        "statement pdf": reverse("payments:statement", args=[run.pk]) + "?format=pdf",
        "benefits letter": reverse("payments:letter"),
        "receipt": reverse("payments:receipt", args=[with_receipt.pk]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert _no_store(response), (name, response.get("Cache-Control"))
        assert "camera=()" in response["Permissions-Policy"], name
    client.force_login(people.organiser)
    for name in ("letters", "calls"):
        response = client.get(reverse(f"notifications:{name}"))
        assert response.status_code == 200 and _no_store(response), name


def test_public_pages_get_the_permissions_policy_but_may_be_cached(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")
