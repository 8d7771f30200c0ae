"""The demo story's payments chapter keeps the benefits guard's promise (issue 11): as Amira, the claim whose
week would go over the Carer's Allowance limit shows her saved choice, its send button names the amount sent,
and it is not sent until she has chosen."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import time_machine
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.core.demo import load_demo
from roundtable.payments.models import Claim, ClaimStatus, PaymentRun


def test_amiras_week_over_the_limit_waits_for_her_choice(client, db):
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        assert load_demo() is True
        amira = User.objects.get(email="amira@demo.roundtable.example")
        workshop = Claim.objects.get(claimant=amira, meeting__title="Workshop 1: what works now")
        assert workshop.status == ClaimStatus.DRAFT
        booking = Claim.objects.get(submission_key="demo-amira-booking-form")
        assert booking.status == ClaimStatus.DRAFT  # made by hand, over the limit: kept back, not sent
        # The council's first run; the health check's chapter adds a year of monthly runs after it.
        assert PaymentRun.objects.get(claims__submission_key="demo-amira-childcare-1").number == 1
        client.force_login(amira)
        html = client.get(reverse("payments:claim", args=[workshop.pk])).content.decode()
        assert "Check your Carer" in html
        assert re.search(r'value="bank"[^>]*checked', html) and not re.search(r'value="reduced"[^>]*checked', html)
        shown = re.search(r'name="payable" value="([^"]+)"', html).group(1)
        assert Decimal(shown) == workshop.payable and f"send it for £{workshop.payable}" in html
        client.post(reverse("payments:claim_action", args=[workshop.pk, "submit"]), {"payable": shown})
        workshop.refresh_from_db()
        assert workshop.status == ClaimStatus.DRAFT  # not sent before she chooses
        for note in ("check the exact start day", "Check the figure against the current NIHR page"):
            assert note not in html
