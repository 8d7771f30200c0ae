"""Costs paid in advance, claims made for someone (by proxy), holding a claim back, the services package,
and statement messages for big runs."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import Message
from roundtable.payments import services
from roundtable.payments.benefits import week_warnings
from roundtable.payments.ledger import ledger_problems
from roundtable.payments.models import Claim, ClaimStatus, LedgerEntry, PaymentRun, Statement
from roundtable.payments.tests.conftest import held_meeting

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 1, 14)


def _time_claim(people, key="t", hours="2"):
    claim = services.claim_create(
        actor=people.partner, project=people.project, claimant=people.partner, kind="time",
        data={"work_date": dt.date(2026, 1, 12), "activity": "Reading", "hours": Decimal(hours)}, submission_key=key,
    )  # fmt: skip
    return services.claim_approve(actor=people.organiser, claim=claim)


def _advance(people, amount="38.00", key="adv", meeting=None):
    return services.advance_record(
        actor=people.organiser, project=people.project, person=people.partner, submission_key=key,
        data={"work_date": DAY, "expense_kind": "travel", "amount": Decimal(amount), "activity": "Taxi both ways",
              "meeting": meeting},
    )  # fmt: skip


# --- 1. Paid for you in advance ------------------------------------------------------------------


def test_an_organiser_records_a_taxi_paid_in_advance_through_the_page(client, people, uplift):
    meeting = held_meeting(people, DAY)
    client.force_login(people.organiser)
    url = reverse("payments:advance_new", args=[people.project.pk])
    page = client.get(url)
    assert page.status_code == 200 and str(people.partner) in page.content.decode()
    data = {
        "submission_key": "k1", "person": people.partner.pk, "meeting": meeting.pk, "work_date": "2026-01-14",
        "expense_kind": "travel", "amount": "38.00", "activity": "Taxi both ways",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice: one row
    claim = Claim.objects.get()
    assert claim.paid_in_advance and claim.meeting == meeting and claim.status == ClaimStatus.APPROVED
    assert claim.amount == Decimal("38.00") and claim.payable == 0 and claim.submitted_by_proxy
    rows = {e.kind: e.amount for e in LedgerEntry.objects.filter(claim=claim)}
    assert rows == {"owed": Decimal("0.00"), "advance": Decimal("38.00")}
    assert AuditEvent.objects.get(action="payments.advance_recorded").by_proxy is True
    assert ledger_problems() == []
    assert services.ledger_balance(people.organisation) == 0  # the person is owed nothing for it
    client.force_login(people.partner)
    mine = client.get(reverse("payments:mine")).content.decode()
    assert "Paid for you in advance" in mine and "not income for you" in mine


def test_the_advance_form_refuses_bad_input_at_the_field(client, people):
    client.force_login(people.finance)
    url = reverse("payments:advance_new", args=[people.project.pk])
    response = client.post(
        url, {"person": people.outsider.pk, "work_date": "2026-01-14", "expense_kind": "travel", "amount": ""}
    )
    assert response.status_code == 400 and not Claim.objects.exists()
    with pytest.raises(Exception):  # noqa: B017 - not a member of the project
        services.advance_record(
            actor=people.organiser, project=people.project, person=people.outsider,
            data={"work_date": DAY, "expense_kind": "travel", "amount": Decimal("5")},
        )  # fmt: skip


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("organiser", 200), ("finance", 200), ("partner", 403), ("professional", 403),
     ("outsider", 404)],
)  # fmt: skip
def test_who_may_record_a_cost_paid_in_advance(client, people, role, expected):
    client.force_login(getattr(people, role))
    assert client.get(reverse("payments:advance_new", args=[people.project.pk])).status_code == expected


def test_a_cost_paid_in_advance_is_not_income_and_balances_through_a_run(client, people, uplift):
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    advance = _advance(people, amount="4000.00")
    assert week_warnings([advance]) == {}
    fee = _time_claim(people)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    assert run.total == fee.payable  # the advance adds nothing to what the bank pays
    body = services_export(run)
    assert [r[0] for r in body[1:]] == [str(fee.pk)]  # the bank export skips it
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="BACS 7")
    advance.refresh_from_db()
    assert advance.status == ClaimStatus.PAID and advance.payable == 0
    assert Statement.objects.get(run=run, person=people.partner).total == fee.payable
    assert ledger_problems() == []
    call_command("check_ledger", stdout=StringIO())
    client.force_login(people.partner)
    statement = client.get(reverse("payments:statement", args=[run.pk])).content.decode()
    assert "Paid for you in advance" in statement
    assert b"%PDF" in client.get(reverse("payments:statement", args=[run.pk]) + "?format=pdf").content[:5]
    from roundtable.payments.selectors import letter_claims

    assert advance not in letter_claims(person=people.partner)  # the Jobcentre letter lists payments to them


def test_a_person_with_only_an_advance_gets_a_statement_but_no_we_paid_you_message(people):
    _advance(people)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="R")
    assert Statement.objects.filter(run=run, person=people.partner).exists()
    assert not Message.objects.filter(kind="payment_statement").exists()


def test_check_ledger_finds_a_wrong_advance(people):
    claim = _advance(people)
    Claim.objects.filter(pk=claim.pk).update(amount=Decimal("1.00"))
    assert any("paid in advance" in p for p in ledger_problems())


def services_export(run):
    from roundtable.payments.exports import run_csv

    return list(csv.reader(io.StringIO(run_csv(run).decode("utf-8-sig"))))


# --- 2. Claims made for someone -------------------------------------------------------------------


def test_the_project_claims_page_links_to_claim_for_each_member(client, people):
    client.force_login(people.organiser)
    page = client.get(reverse("payments:project_claims", args=[people.project.pk])).content.decode()
    time_url = reverse("payments:claim_new", args=[people.project.pk, "time"])
    assert f"Claim time for {people.partner}" in page and f"{time_url}?for={people.partner.pk}" in page
    assert f"?for={people.outsider.pk}" not in page
    client.force_login(people.finance)
    page = client.get(reverse("payments:project_claims", args=[people.project.pk])).content.decode()
    assert "Claim time for" not in page  # finance does not claim for people


def test_an_organiser_claims_for_grace_and_she_sees_it(client, people, uplift):
    client.force_login(people.organiser)
    url = reverse("payments:claim_new", args=[people.project.pk, "time"]) + f"?for={people.partner.pk}"
    page = client.get(url).content.decode()
    assert f'name="for" value="{people.partner.pk}"' in page
    data = {"submission_key": "g1", "work_date": "2026-01-12", "activity": "Phone review", "hours": "1"}
    assert client.post(url, data).status_code == 302
    claim = Claim.objects.get()
    assert claim.claimant == people.partner and claim.created_by == people.organiser and claim.by_proxy
    event = AuditEvent.objects.get(action="payments.claim_created")
    assert event.by_proxy is True and event.actor == people.organiser and event.subject == people.partner
    client.force_login(people.partner)
    assert f"{people.organiser} did this for you" in client.get(reverse("payments:mine")).content.decode()
    assert (
        f"{people.organiser} did this for you"
        in client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("organiser", "partner", 200),
        ("admin", "professional", 200),
        ("organiser", "outsider", 404),  # not a member of the project
        ("finance", "partner", 403),
        ("professional", "partner", 403),  # a member may not claim for another member
        ("outsider", "partner", 404),
    ],
)
def test_who_may_claim_for_someone(client, people, role, target, expected):
    client.force_login(getattr(people, role))
    url = reverse("payments:claim_new", args=[people.project.pk, "time"]) + f"?for={getattr(people, target).pk}"
    assert client.get(url).status_code == expected


# --- 3. Holding a claim back ----------------------------------------------------------------------


def test_finance_holds_a_claim_back_and_lets_it_go(client, people, uplift):
    claim = _time_claim(people)
    client.force_login(people.finance)
    action = reverse("payments:claim_action", args=[claim.pk, "hold"])
    assert client.post(action, {"reason": ""}).status_code == 400
    assert client.post(action, {"reason": "We need your payee number first."}).status_code == 302
    claim.refresh_from_db()
    assert claim.is_held and claim.held_by == people.finance
    assert services.run_create(actor=people.finance, organisation=people.organisation) is None
    assert (
        "We need your payee number first."
        in client.get(reverse("payments:finance", args=[people.organisation.slug])).content.decode()
    )
    assert Message.objects.filter(recipient=people.partner, subject="We are holding back a payment").exists()
    client.force_login(people.partner)
    for url in (reverse("payments:mine"), reverse("payments:claim", args=[claim.pk])):
        assert "We need your payee number first." in client.get(url).content.decode()
    assert client.post(reverse("payments:claim_action", args=[claim.pk, "release"])).status_code == 403
    client.force_login(people.organiser)
    assert client.post(reverse("payments:claim_action", args=[claim.pk, "release"])).status_code == 403
    client.force_login(people.finance)
    assert client.post(reverse("payments:claim_action", args=[claim.pk, "release"])).status_code == 302
    claim.refresh_from_db()
    assert not claim.is_held and claim.held_reason == ""
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    assert list(run.claims.all()) == [claim]
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="payments.claim_")} >= {
        "payments.claim_held", "payments.claim_released"
    }  # fmt: skip


def test_holding_a_claim_in_an_open_run_takes_it_out_and_the_books_balance(people, uplift):
    one, two = _time_claim(people, "a"), _time_claim(people, "b", hours="3")
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    services.claim_hold(actor=people.finance, claim=one, reason="Check the hours")
    services.claim_hold(actor=people.finance, claim=one, reason="Check the hours")  # idempotent
    [told] = Message.objects.filter(recipient=one.claimant, subject="We are holding back a payment")
    assert "Check the hours" in told.body and told.scope_organisation_id == people.organisation.pk
    run.refresh_from_db()
    assert run.total == two.payable and list(run.claims.all()) == [two]
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="R")
    assert ledger_problems() == []
    with pytest.raises(Exception):  # noqa: B017 - a paid claim cannot be held
        services.claim_hold(actor=people.finance, claim=two, reason="Too late")
    services.claim_release(actor=people.finance, claim=one)
    later = services.run_create(actor=people.finance, organisation=people.organisation)
    assert later.total == one.payable and PaymentRun.objects.count() == 2


# --- 4. The services package keeps every import working ------------------------------------------


def test_services_is_a_package_of_small_modules_and_old_imports_work():
    import importlib
    import pathlib

    import roundtable.payments.services as package

    folder = pathlib.Path(package.__file__).parent
    assert package.__file__.endswith("__init__.py")
    for path in folder.glob("*.py"):
        assert len(path.read_text().splitlines()) < 400, path.name
    for name in package.__all__:
        assert hasattr(package, name), name
    from roundtable.payments.services import claims_draft_due, settings_for  # noqa: F401 - used by core and selectors

    for module in ("common", "claims", "sending", "approval", "advance", "runs", "people"):
        importlib.import_module(f"roundtable.payments.services.{module}")


# --- 5. Statement messages for big runs -----------------------------------------------------------


def test_a_run_over_500_people_queues_one_message_each_in_batches(people, django_assert_max_num_queries):
    many = User.objects.bulk_create(
        [User(email=f"pay-{n}@example.com", full_name=f"Person {n}") for n in range(501 + 30)]
    )
    run = PaymentRun.objects.create(
        organisation=people.organisation, status="paid", paid_on=dt.date(2026, 2, 1), reference="BIG"
    )
    claims = [
        Claim(claimant_id=u.pk, payable=Decimal("27.50") if n % 3 else Decimal("55.00"), paid_in_advance=False)
        for n, u in enumerate(many)
    ]
    with django_assert_max_num_queries(60):
        services.statements_send(run=run, claims=claims, actor=people.finance)
    messages = Message.objects.filter(kind="payment_statement")
    assert messages.count() == len(many)
    assert set(messages.values_list("idempotency_key", flat=True)) == {f"statement:{run.pk}:{u.pk}" for u in many}
    assert messages.get(recipient=many[0]).body.startswith("We paid £55.00")
    assert messages.get(recipient=many[1]).body.startswith("We paid £27.50")
    services.statements_send(run=run, claims=claims, actor=people.finance)
    assert Message.objects.filter(kind="payment_statement").count() == len(many)  # again: no new messages
    assert Statement.objects.filter(run=run).count() == len(many)
