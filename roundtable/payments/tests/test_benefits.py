"""The benefits guard: week attribution, the Carer's Allowance limit by tax year, Universal Credit periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from roundtable.audit.models import AuditEvent
from roundtable.payments import services
from roundtable.payments.benefits import week_warnings
from roundtable.payments.models import EarningsAttribution, EarningsLimit

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)  # a Monday, after every week of work below


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def only_week_worked():
    """From 2024, count fees only in the week worked (an administrator's dated rule)."""
    EarningsAttribution.objects.update_or_create(
        effective_from=dt.date(2024, 4, 8), defaults={"rule": "worked", "source_note": "test: week worked only"}
    )


def _fee(people, day, hours, key):
    return services.claim_create(
        actor=people.partner, project=people.project, claimant=people.partner, kind="time",
        data={"work_date": day, "activity": "Work", "hours": Decimal(hours)}, submission_key=key,
    )  # fmt: skip


def test_limits_are_dated_rows_with_a_source():
    rows = {r.effective_from: r.weekly_limit for r in EarningsLimit.objects.all()}
    assert rows[dt.date(2025, 4, 7)] == Decimal("196.00") and rows[dt.date(2026, 4, 6)] == Decimal("204.00")
    assert all(r.source_note for r in EarningsLimit.objects.all())


def test_a_week_over_the_limit_warns_only_people_with_carers_allowance(people, uplift):
    only_week_worked()  # all three are paid in one week: that week is tested below
    a = _fee(people, dt.date(2026, 1, 12), "4", "a")  # Monday: £110
    b = _fee(people, dt.date(2026, 1, 18), "4", "b")  # Sunday, same week: £110, total £220 > £196
    c = _fee(people, dt.date(2026, 1, 19), "4", "c")  # next Monday: its own week
    assert week_warnings([a, b, c]) == {}
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    warnings = week_warnings([a, b, c])
    assert set(warnings) == {a.pk, b.pk}
    w = warnings[b.pk]
    assert w.limit == Decimal("196.00") and w.total == Decimal("220.00") and w.most_this_claim == Decimal("86.00")


def test_the_new_tax_year_uses_the_new_limit(people, uplift):
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    with time_machine.travel(dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC), tick=False):
        a = _fee(people, dt.date(2026, 4, 13), "7.3", "a")  # £200.75: over £196 but under £204
        assert week_warnings([a]) == {}
        b = _fee(people, dt.date(2026, 4, 14), "0.2", "b")  # £5.50 more: £206.25 is over £204
        assert week_warnings([b])[b.pk].limit == Decimal("204.00")


def test_costs_and_a_lower_amount_are_not_over(people, uplift):
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    a = _fee(people, dt.date(2026, 1, 12), "8", "a")  # £220
    assert a.pk in week_warnings([a])
    a = services.claim_choose(actor=people.partner, claim=a, choice="reduced", reduced_to=Decimal("190"))
    assert a.payable == Decimal("190.00") and week_warnings([a]) == {}


def test_finance_seeing_a_claims_benefit_check_is_audited(client, people, uplift):
    services.benefit_record_set(
        actor=people.partner,
        user=people.partner,
        data={"carers_allowance": True, "universal_credit": True, "uc_period_day": 14},
    )
    a = _fee(people, dt.date(2026, 1, 12), "8", "a")
    client.force_login(people.finance)
    page = client.get(f"/payments/claims/{a.pk}/").content.decode()
    assert "Carer&#x27;s Allowance" in page or "Carer's Allowance" in page
    assert AuditEvent.objects.filter(action="payments.benefits_viewed", subject=people.partner).exists()
    client.force_login(people.organiser)
    page = client.get(f"/payments/claims/{a.pk}/").content.decode()
    assert "Check your Carer" not in page
    client.force_login(people.partner)
    page = client.get(f"/payments/claims/{a.pk}/").content.decode()
    assert "Check your Carer" in page and "Universal Credit" in page and "Citizens Advice" in page
