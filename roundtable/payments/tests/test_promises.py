"""Every promise about money a page makes is a rule with a test (issue 11): corrections set the amount and
check-ledger catches a claim that does not net to it; a run cannot be exported or paid without payee numbers
and is numbered per organisation; only the claimant takes a claim back, organisers turn one down with a
reason; partners never see internal source notes; the benefits page's privacy sentence is the permission table."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import Message
from roundtable.payments import services
from roundtable.payments.ledger import ledger_problems
from roundtable.payments.models import Claim, ClaimKind, ClaimStatus, LedgerEntry, PaymentChoice, PaymentRun
from roundtable.payments.permissions import BENEFITS, benefits_sentence
from roundtable.projects import services as projects
from roundtable.projects.models import Organisation, StaffRole
from roundtable.projects.tests.conftest import make_person

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def sent(people, key="c", hours="2", day=dt.date(2026, 1, 12)):
    return services.claim_create(
        actor=people.partner, project=people.project, claimant=people.partner, kind="time",
        data={"work_date": day, "activity": "Reading", "hours": Decimal(hours)}, submission_key=key,
    )  # fmt: skip


def paid(people, key="c", hours="2"):
    """A claim of £55.00 (2 hours at £27.50), approved and paid in a run."""
    claim = services.claim_approve(actor=people.organiser, claim=sent(people, key, hours))
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference=f"BACS {key}")
    claim.refresh_from_db()
    return claim


def owed_for(claim) -> Decimal:
    ids = [claim.pk, *claim.corrections.values_list("pk", flat=True)]
    return sum(LedgerEntry.objects.filter(claim_id__in=ids, kind="owed").values_list("amount", flat=True))


# --- 3. Corrections set the amount ----------------------------------------------------------------


def test_correcting_to_40_twice_is_one_correction_and_the_claim_nets_40(client, people, uplift):
    claim = paid(people)
    assert claim.payable == Decimal("55.00")
    client.force_login(people.finance)
    url = reverse("payments:claim_correct", args=[claim.pk])
    for _ in range(2):
        assert client.post(url, {"amount": "40.00", "reason": "She left early"}).status_code == 302
    [correction] = Claim.objects.filter(kind=ClaimKind.CORRECTION)
    assert correction.payable == Decimal("-15.00") and correction.corrected_to == Decimal("40.00")
    assert owed_for(claim) == Decimal("40.00") and services.corrected_amount(claim) == Decimal("40.00")
    assert "already comes to £40.00" in client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    # Setting it again to another amount adds only the new difference.
    services.claim_correct(actor=people.finance, claim=claim, amount=Decimal("45.00"), reason="Five minutes more")
    assert owed_for(claim) == Decimal("45.00") and ledger_problems() == []
    call_command("check_ledger", stdout=StringIO())


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("-1", "Enter an amount of 0 or more"),
        ("1000000", "Enter an amount up to £5,000"),
        ("5000.01", "Enter an amount up to £5,000"),
        ("forty", "Enter an amount in numbers"),
        ("NaN", "Enter an amount in numbers"),
    ],
)
def test_negative_and_absurd_corrections_are_refused_at_the_field(client, people, uplift, typed, words):
    claim = paid(people)
    client.force_login(people.finance)
    response = client.post(reverse("payments:claim_correct", args=[claim.pk]), {"amount": typed, "reason": "Wrong"})
    html = response.content.decode()
    assert response.status_code == 400 and words in html
    assert f'value="{typed}"' in html and 'value="Wrong"' in html  # what was typed is kept
    assert not Claim.objects.filter(kind=ClaimKind.CORRECTION).exists()


def test_the_service_refuses_a_negative_amount_too(people, uplift):
    from django.core.exceptions import ValidationError

    claim = paid(people)
    with pytest.raises(ValidationError) as error:
        services.claim_correct(actor=people.finance, claim=claim, amount=Decimal("-1"), reason="x")
    assert "amount" in error.value.message_dict


def test_check_ledger_fails_when_corrections_do_not_net_to_the_claims_amount(people, uplift):
    claim = paid(people)
    services.claim_correct(actor=people.finance, claim=claim, amount=Decimal("40.00"), reason="Left early")
    assert ledger_problems() == []
    # The old fault: a second "correction to £40.00" added the difference again, so the claim netted £25.00.
    twice = Claim.objects.create(
        organisation=claim.organisation, project=claim.project, claimant=claim.claimant, kind=ClaimKind.CORRECTION,
        status=ClaimStatus.APPROVED, work_date=claim.work_date, amount=Decimal("-15.00"), payable=Decimal("-15.00"),
        corrected_to=Decimal("40.00"), currency="GBP", corrects=claim,
    )  # fmt: skip
    LedgerEntry.objects.create(
        organisation=claim.organisation, claim=twice, person=claim.claimant, kind="owed", amount=Decimal("-15.00"),
        currency="GBP",
    )  # fmt: skip
    assert any(f"Claim {claim.pk}: its ledger nets to 25.00" in p for p in ledger_problems())
    with pytest.raises(CommandError):
        call_command("check_ledger", stdout=StringIO(), stderr=StringIO())


# --- 4. Payment runs: payee numbers and numbering -------------------------------------------------


def test_a_run_with_someone_without_a_payee_number_cannot_be_exported_or_paid(client, people, uplift):
    PaymentChoice.objects.filter(user=people.partner).update(payee_reference="")
    services.claim_approve(actor=people.organiser, claim=sent(people))
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    slug = people.organisation.slug
    client.force_login(people.finance)
    html = client.get(reverse("payments:run", args=[slug, run.pk])).content.decode()
    assert "You cannot download or pay this run yet" in html and f"Payee number for {people.partner}" in html
    assert "Download for the bank" not in html and "Mark as paid" not in html
    response = client.get(reverse("payments:run_export", args=[slug, run.pk, "csv"]))
    assert response.status_code == 302 and not AuditEvent.objects.filter(action="payments.run_exported").exists()
    response = client.post(reverse("payments:run", args=[slug, run.pk]), {"paid_on": "2026-02-02", "reference": "B"})
    assert response.status_code == 400 and f"Add a payee number for {people.partner} first" in response.content.decode()
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.OPEN and not LedgerEntry.objects.filter(kind="paid").exists()
    # Finance adds the number from its own system: a bad one is refused at the field, with the typing kept.
    url = reverse("payments:run_payee", args=[slug, run.pk])
    response = client.post(url, {"person": people.partner.pk, "reference": "X" * 61})
    assert response.status_code == 400 and "Please cut it to 60 or fewer." in response.content.decode()
    assert client.post(url, {"person": people.partner.pk, "reference": "NFC-P-0099"}).status_code == 302
    assert AuditEvent.objects.get(action="payments.payee_set").by_proxy is True
    body = client.get(reverse("payments:run_export", args=[slug, run.pk, "csv"])).content.decode("utf-8-sig")
    assert "NFC-P-0099" in body
    assert client.post(reverse("payments:run", args=[slug, run.pk]), {"paid_on": "2026-02-02", "reference": "B"})
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.PAID


def test_a_run_needs_no_payee_number_for_costs_paid_in_advance(people):
    PaymentChoice.objects.filter(user=people.partner).update(payee_reference="")
    services.advance_record(
        actor=people.organiser, project=people.project, person=people.partner, submission_key="adv",
        data={"work_date": dt.date(2026, 1, 14), "expense_kind": "travel", "amount": Decimal("38"), "activity": "Taxi"},
    )  # fmt: skip
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    assert services.run_missing_payees(run) == []


def test_runs_are_numbered_per_organisation(client, people, uplift):
    other = Organisation.objects.create(name="Northfield Council", slug="council", kind="council")
    assert services.run_create(actor=people.finance, organisation=other) is None  # nothing to pay: no number used
    services.claim_approve(actor=people.organiser, claim=sent(people, "a"))
    first = services.run_create(actor=people.finance, organisation=people.organisation)
    services.claim_approve(actor=people.organiser, claim=sent(people, "b"))
    second = services.run_create(actor=people.finance, organisation=people.organisation)
    assert (first.number, second.number) == (1, 2) and str(first) == "Payment run 1"
    client.force_login(people.finance)
    html = client.get(reverse("payments:run", args=[people.organisation.slug, first.pk])).content.decode()
    assert '<h1 class="govuk-heading-xl">Payment run 1</h1>' in html


# --- 5. Only the claimant takes a claim back; organisers turn one down with a reason ---------------


@pytest.mark.parametrize(("role", "status"), [("organiser", 403), ("admin", 403), ("finance", 403), ("outsider", 404)])
def test_only_the_claimant_takes_a_claim_back(client, people, uplift, role, status):
    claim = sent(people)
    client.force_login(getattr(people, role))
    assert client.post(reverse("payments:claim_action", args=[claim.pk, "withdraw"])).status_code == status
    assert "Take this claim back" not in client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    client.force_login(people.partner)
    assert client.post(reverse("payments:claim_action", args=[claim.pk, "withdraw"])).status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN


def test_an_organiser_turns_a_claim_down_with_a_reason_the_person_is_told(client, people, uplift):
    claim = sent(people)
    client.force_login(people.organiser)
    action = reverse("payments:claim_action", args=[claim.pk, "refuse"])
    response = client.post(action, {"reason": ""})
    assert response.status_code == 400 and "Say why, so the person knows." in response.content.decode()
    reason = "This was a social event, which the offer says is not paid."
    assert client.post(action, {"reason": reason}).status_code == 302
    assert client.post(action, {"reason": reason}).status_code == 302  # twice: one message
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REFUSED and claim.refused_reason == reason
    [message] = Message.objects.filter(recipient=people.partner, subject="We cannot approve your claim")
    assert reason in message.body
    assert message.idempotency_key == f"claim-refused:{claim.pk}"  # the outbox also keeps it to one
    # A letter or call about it goes to the staff of the claim's organisation now (issue 11: roles).
    assert message.scope_organisation_id == people.organisation.pk
    event = AuditEvent.objects.get(action="payments.claim_refused")
    assert event.actor == people.organiser and event.subject == people.partner
    client.force_login(people.partner)
    assert reason in client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    client.force_login(people.finance)  # finance does not approve claims, so it does not turn them down
    assert client.post(action, {"reason": "x"}).status_code == 403


# --- 6. Source notes are for administrators ---------------------------------------------------------

NOTES = ("Check the figure against the current NIHR page.", "check the exact start day")


def test_partners_never_see_internal_source_notes(client, people):
    rate = projects.pay_rate_add(
        actor=people.admin, organisation=people.organisation, activity="Meetings", unit="hour",
        amount=Decimal("27.50"), effective_from=dt.date(2025, 12, 16), source_note=NOTES[0],
    )  # fmt: skip
    from roundtable.projects.models import Project

    Project.objects.filter(pk=people.project.pk).update(pay_rate=rate)
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    claim = sent(people, hours="8")
    client.force_login(people.partner)
    for url in (
        reverse("payments:claim", args=[claim.pk]),
        reverse("payments:benefits"),
        reverse("payments:mine"),
        reverse("projects:project", args=[people.project.pk]),
    ):
        html = client.get(url).content.decode()
        for note in NOTES:
            assert note not in html, url
    client.force_login(people.admin)
    assert NOTES[0] in client.get(reverse("projects:rates", args=[people.organisation.slug])).content.decode()


# --- 7. Benefits privacy: the page's sentence is the permission table -------------------------------


def test_the_benefits_sentence_says_exactly_who_can_see_a_benefit_record(client, people, uplift):
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    claim = sent(people, hours="8")  # £220: over £196
    claim = services.claim_choose(actor=people.partner, claim=claim, choice="bank")
    client.force_login(people.partner)
    page = client.get(reverse("payments:benefits")).content.decode()
    sentence = re.search(r'id="benefits-privacy">([^<]+)<', page).group(1).replace("&#x27;", "'")
    assert sentence == benefits_sentence()
    can, cannot = re.fullmatch(r"This is private\. Only you and (.+) can see it\. (.+) cannot\.", sentence).groups()
    words = {
        StaffRole.FINANCE: "finance",
        StaffRole.ORGANISER: "organisers",
        StaffRole.ADMIN: "admins",
        StaffRole.LEAD: "co-production leads",
    }
    for role in StaffRole.values:
        person = make_person(f"only-{role}@example.com", f"Only {role}")
        projects.staff_roles_set(actor=people.admin, organisation=people.organisation, user=person, roles={role})
        client.force_login(person)
        html = client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
        sees = "Carer" in html
        assert sees == (role in BENEFITS), role
        assert (words[role] in can.lower()) == sees and (words[role] in cannot.lower()) == (not sees), role
    assert sentence == (
        "This is private. Only you and the finance team can see it. Admins, organisers and co-production leads cannot."
    )
