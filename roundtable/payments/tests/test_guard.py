"""The benefits guard keeps its promise: what a person is shown is what is sent (issue 11).

A suggestion is not a choice: the claim page shows the person's saved choice, the send button carries
the amount that is sent, and a claim whose week would go over the Carer's Allowance limit is not sent
until the person has chosen. A claim made by hand gets the same warning before it is sent. Which week a
fee counts in is a dated, sourced rule: the week worked and the week paid are both checked.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundtable.payments import services
from roundtable.payments.benefits import claim_warnings
from roundtable.payments.models import Claim, ClaimStatus, EarningsAttribution, LedgerEntry
from roundtable.payments.tests.conftest import held_meeting

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)  # a Monday
WEEK = dt.date(2026, 1, 12)  # a Monday, three weeks before


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def carer(people, uplift):
    """The partner gets Carer's Allowance (£196 a week in 2025/26)."""
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    return people


def hand_claim(people, day, hours, key, actor=None):
    return services.claim_create(
        actor=actor or people.partner, project=people.project, claimant=people.partner, kind="time",
        data={"work_date": day, "activity": "Tested the booking form", "hours": Decimal(hours)}, submission_key=key,
    )  # fmt: skip


def over_the_limit(people) -> Claim:
    """Amira's week in the demo: a sent claim of £165 (6 hours), then a draft from the register of £75.63."""
    sent = hand_claim(people, WEEK + dt.timedelta(days=1), "6", "booking")
    assert sent.status == ClaimStatus.SUBMITTED  # £165 alone is under the limit
    [draft] = services.claims_draft_for_meeting(meeting=held_meeting(people, WEEK + dt.timedelta(days=2)))
    assert draft.status == ClaimStatus.DRAFT and draft.payable == Decimal("75.63")
    return draft


def send_button(html: str) -> str:
    """The send button's words and the amount posted with it."""
    form = re.search(r'action="[^"]*/submit/".*?</form>', html, re.S).group(0)
    posted = re.search(r'name="payable" value="([^"]+)"', form).group(1)
    words = " ".join(re.sub(r"<[^>]+>", " ", form.split("<button", 1)[1].split(">", 1)[1]).split())
    return words, posted


def page(client, claim) -> str:
    response = client.get(reverse("payments:claim", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_saved_choice_and_the_send_button_sends_what_it_says(client, carer):
    draft = over_the_limit(carer)
    client.force_login(carer.partner)
    html = page(client, draft)
    assert "Check your Carer" in html
    # The form shows the saved choice (the full fee), not a lower amount picked for the person.
    assert re.search(r'value="bank"[^>]*checked', html) and not re.search(r'value="reduced"[^>]*checked', html)
    assert not re.search(r'name="reduced_to"[^>]*value="[0-9]', html)
    words, posted = send_button(html)
    assert words == "This is right, send it for £75.63" and posted == "75.63"
    # It cannot be sent before she has chosen: the week would go over the limit.
    response = client.post(reverse("payments:claim_action", args=[draft.pk, "submit"]), {"payable": posted})
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == ClaimStatus.DRAFT
    assert "Choose what you would like for this claim before you send it" in page(client, draft)
    # She chooses a lower amount: the button now says what will be sent, and that is what is sent.
    client.post(
        reverse("payments:claim_action", args=[draft.pk, "choose"]), {"choice": "reduced", "reduced_to": "31.00"}
    )
    words, posted = send_button(page(client, draft))
    assert words == "This is right, send it for £31.00"
    client.post(reverse("payments:claim_action", args=[draft.pk, "submit"]), {"payable": posted})
    draft.refresh_from_db()
    assert draft.status == ClaimStatus.SUBMITTED and draft.payable == Decimal("31.00") and draft.choice == "reduced"


def test_choosing_the_full_fee_is_a_choice_too(carer):
    draft = over_the_limit(carer)
    with pytest.raises(ValidationError):
        services.claim_submit(actor=carer.partner, claim=draft, expected_payable=draft.payable)
    services.claim_choose(actor=carer.partner, claim=draft, choice="bank")
    sent = services.claim_submit(actor=carer.partner, claim=draft, expected_payable=Decimal("75.63"))
    assert sent.status == ClaimStatus.SUBMITTED and sent.payable == Decimal("75.63")


def test_changing_the_hours_asks_for_the_choice_again(carer):
    draft = over_the_limit(carer)
    services.claim_choose(actor=carer.partner, claim=draft, choice="bank")
    services.claim_update(actor=carer.partner, claim=draft, data={"hours": Decimal("3"), "work_date": draft.work_date})
    with pytest.raises(ValidationError):
        services.claim_submit(actor=carer.partner, claim=draft)


def test_an_amount_that_changed_since_the_page_was_shown_is_not_sent(carer):
    draft = over_the_limit(carer)
    services.claim_choose(actor=carer.partner, claim=draft, choice="bank")
    # Another tab: a lower amount, after this page showed £75.63.
    services.claim_choose(actor=carer.partner, claim=draft, choice="reduced", reduced_to=Decimal("20"))
    with pytest.raises(ValidationError) as error:
        services.claim_submit(actor=carer.partner, claim=draft, expected_payable=Decimal("75.63"))
    assert "It is now £20.00" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == ClaimStatus.DRAFT


def test_a_claim_under_the_limit_is_sent_without_asking(people, uplift):
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    claim = hand_claim(people, WEEK, "2", "small")
    assert claim.status == ClaimStatus.SUBMITTED and claim_warnings([claim]) == {}


def test_a_hand_claim_over_the_limit_gets_the_warning_before_it_is_sent(client, carer):
    [draft] = services.claims_draft_for_meeting(meeting=held_meeting(carer, WEEK + dt.timedelta(days=2)))
    client.force_login(carer.partner)
    url = reverse("payments:claim_new", args=[carer.project.pk, "time"])
    data = {"submission_key": "hand-1", "work_date": "2026-01-13", "activity": "Tested the form", "hours": "6"}
    response = client.post(url, data)
    claim = Claim.objects.get(submission_key="hand-1")
    assert response.status_code == 302 and response["Location"] == reverse("payments:claim", args=[claim.pk])
    assert claim.status == ClaimStatus.DRAFT and claim.submitted_at is None  # not sent
    html = client.get(response["Location"]).content.decode()
    assert "saved, but not sent yet" in html and "Check your Carer" in html
    assert "This is right, send it for £165.00" in html
    assert draft.pk != claim.pk


def test_an_organiser_sending_for_someone_is_told_to_ask_them_without_the_figures(client, carer):
    draft = over_the_limit(carer)
    client.force_login(carer.organiser)
    html = page(client, draft)
    assert "the person must choose what they would like" in html
    assert "Carer" not in html and "196" not in html  # the benefit record stays private
    client.post(reverse("payments:claim_action", args=[draft.pk, "submit"]), {"payable": "75.63"})
    draft.refresh_from_db()
    assert draft.status == ClaimStatus.DRAFT


CHOICES = st.one_of(
    st.sampled_from([("bank", None, ""), ("decline", None, ""), ("expenses_only", None, ""), ("donate", None, "Mind")]),
    st.builds(lambda pence: ("reduced", Decimal(pence) / 100, ""), st.integers(min_value=0, max_value=8249)),
)  # every lower amount, 0 to £82.49


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=CHOICES)
def test_for_every_choice_the_amount_recorded_is_the_amount_the_page_showed(client, carer, choice):
    name, reduced, charity = choice
    if not Claim.objects.filter(submission_key="booking").exists():
        hand_claim(carer, WEEK + dt.timedelta(days=1), "6", "booking")  # £165 sent
    draft = hand_claim(carer, WEEK + dt.timedelta(days=2), "3", f"p{Claim.objects.count()}")  # £82.50: over
    assert draft.status == ClaimStatus.DRAFT
    client.force_login(carer.partner)
    form = {"choice": name, "reduced_to": "" if reduced is None else str(reduced), "charity": charity}
    assert client.post(reverse("payments:claim_action", args=[draft.pk, "choose"]), form).status_code == 302
    words, posted = send_button(page(client, draft))
    shown = Decimal(posted)
    if shown:
        assert words.endswith(f"£{shown:,.2f}") or words.endswith(f"£{shown:,.2f} to the charity")
    else:
        assert words == "This is right, send it with no payment"
    client.post(reverse("payments:claim_action", args=[draft.pk, "submit"]), {"payable": posted})
    draft.refresh_from_db()
    assert draft.status in (ClaimStatus.SUBMITTED, ClaimStatus.DECLINED)
    assert draft.payable == shown
    if draft.status == ClaimStatus.SUBMITTED:
        services.claim_approve(actor=carer.organiser, claim=draft)
        assert LedgerEntry.objects.get(claim=draft, kind="owed").amount == shown
    Claim.objects.filter(pk=draft.pk).update(status=ClaimStatus.WITHDRAWN)  # out of the next example's week


# --- Which week a fee counts in -------------------------------------------------------------------


def three_weeks_paid_together(people):
    """£110 in each of three weeks (each under £196), all approved and put in one run paid on one day."""
    claims = []
    for n in range(3):
        claim = hand_claim(people, WEEK + dt.timedelta(days=7 * n), "4", f"w{n}")
        if claim.status == ClaimStatus.DRAFT:  # over in the week it is due to be paid: she chooses first
            services.claim_choose(actor=people.partner, claim=claim, choice="bank")
            claim = services.claim_submit(actor=people.partner, claim=claim)
        claims.append(services.claim_approve(actor=people.organiser, claim=claim))
    return claims, services.run_create(actor=people.finance, organisation=people.organisation)


def test_a_run_paying_several_weeks_on_one_day_warns_about_the_pay_week(client, carer):
    claims, run = three_weeks_paid_together(carer)
    found = claim_warnings(claims, run_pay_on={run.pk: dt.date(2026, 2, 4)})
    assert set(found) == {c.pk for c in claims}
    [warning] = found[claims[0].pk]
    assert warning.basis == "paid" and warning.total == Decimal("330.00") and warning.week_from == dt.date(2026, 2, 2)
    client.force_login(carer.finance)
    html = client.get(reverse("payments:run", args=[carer.organisation.slug, run.pk])).content.decode()
    assert html.count("Over the limit in the week paid") == 3 and "Over the limit in the week worked" not in html
    client.force_login(carer.admin)  # the admin role pays runs too, but never sees a benefits check
    html = client.get(reverse("payments:run", args=[carer.organisation.slug, run.pk])).content.decode()
    assert "Over the limit" not in html and "Carer" not in html
    client.force_login(carer.partner)
    html = page(client, claims[0])
    assert "In the week we expect to pay this, 2 February to 8 February 2026, fees paid add up to £330.00" in html


def test_the_week_worked_and_the_week_paid_are_a_dated_sourced_rule(carer):
    [rule] = EarningsAttribution.objects.all()
    assert rule.rule == "both" and rule.effective_from == dt.date(2024, 4, 8)
    assert "domain.md section 4" in rule.source_note
    claims, run = three_weeks_paid_together(carer)
    # An administrator decides that, from 2026, only the week worked counts: the pay-week warning goes.
    EarningsAttribution.objects.create(effective_from=dt.date(2026, 1, 1), rule="worked", source_note="DWP letter")
    assert claim_warnings(claims, run_pay_on={run.pk: dt.date(2026, 2, 4)}) == {}
    EarningsAttribution.objects.create(effective_from=dt.date(2026, 2, 1), rule="paid", source_note="DWP letter 2")
    assert set(claim_warnings(claims, run_pay_on={run.pk: dt.date(2026, 2, 4)})) == {c.pk for c in claims}


def test_a_week_of_work_over_the_limit_warns_even_when_paid_in_two_weeks(carer):
    a = hand_claim(carer, WEEK, "4", "a")  # £110
    b = hand_claim(carer, WEEK + dt.timedelta(days=1), "4", "b")  # £110 more the same week: £220
    assert b.status == ClaimStatus.DRAFT
    found = claim_warnings([a, b])
    assert [w.basis for w in found[b.pk]][0] == "worked" and found[b.pk][0].total == Decimal("220.00")
