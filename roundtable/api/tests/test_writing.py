"""Writing through the payments services: approve or query a claim, mark a run paid. Same rules, audit and
messages as the pages; the same request twice has one effect; bad bodies get a 4xx that says what to fix."""

from __future__ import annotations

from roundtable.api.tests.conftest import Api, make_token
from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import Message
from roundtable.payments import services as payments
from roundtable.payments.models import ClaimStatus, LedgerEntry, PaymentRun


def test_approve_twice_approves_once(api, world):
    first = api.post(f"/claims/{world.claim.pk}/approve")
    second = api.post(f"/claims/{world.claim.pk}/approve")
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == second.json()["status"] == ClaimStatus.APPROVED
    assert LedgerEntry.objects.filter(claim=world.claim).count() == 1
    assert AuditEvent.objects.filter(action="payments.claim_approved").count() == 1


def test_query_tells_the_person_once(api, world):
    body = {"reason": "Which day was the meeting?"}
    assert api.post(f"/claims/{world.claim.pk}/query", body).status_code == 200
    assert api.post(f"/claims/{world.claim.pk}/query", body).status_code == 200
    messages = Message.objects.filter(recipient=world.people.partner, kind="payment_query")
    assert messages.count() == 1 and "Which day" in messages.get().body
    # Approving a queried claim breaks the payments rule: a 400 in its words, not a 500.
    response = api.post(f"/claims/{world.claim.pk}/approve")
    assert response.status_code == 400 and "sent" in response.json()["detail"]


def test_unknown_fields_wrong_types_and_huge_bodies(api, world):
    url = f"/claims/{world.claim.pk}/query"
    response = api.post(url, {"reason": "Why?", "amount": 5})
    assert response.status_code == 422 and "amount" in response.json()["errors"]
    assert api.post(url, {"reason": 12}).status_code == 422
    assert api.post(url, {"reason": ""}).status_code == 422
    assert api.post(url, raw="{not json").status_code in (400, 422)
    assert api.post(url, raw="[]").status_code == 422
    huge = api.post(url, {"reason": "x" * 100_000})
    assert huge.status_code == 413 and "too big" in huge.json()["detail"]
    world.claim.refresh_from_db()
    assert world.claim.status == ClaimStatus.SUBMITTED


def _run(people, claim) -> PaymentRun:
    payments.claim_approve(actor=people.organiser, claim=claim)
    from roundtable.payments.models import Choice, PaymentChoice

    PaymentChoice.objects.update_or_create(user=claim.claimant, project=None, defaults={"choice": Choice.BANK})
    run = payments.run_create(actor=people.finance, organisation=people.organisation)
    payments.payee_reference_set(actor=people.finance, run=run, person=claim.claimant, reference="PAYEE-1")
    return run


def test_finance_script_pulls_approved_claims_and_marks_the_run_paid(people, world):
    finance = Api(make_token(people, role="finance", scopes=["read:payments", "write:payments"]))
    run = _run(people, world.claim)
    approved = finance.get("/claims", status="approved").json()["items"]
    assert [c["id"] for c in approved] == [world.claim.pk] and approved[0]["run_id"] == run.pk
    ready = finance.get("/payment-runs", status="open").json()["items"]
    assert [r["id"] for r in ready] == [run.pk]
    body = {"reference": "BACS-2026-03-02", "paid_on": "2026-03-02"}
    first = finance.post(f"/payment-runs/{run.pk}/paid", body)
    again = finance.post(f"/payment-runs/{run.pk}/paid", {**body, "reference": "A DIFFERENT ONE"})
    assert first.status_code == again.status_code == 200, first.content
    assert again.json()["reference"] == "BACS-2026-03-02"
    assert LedgerEntry.objects.filter(run=run, kind=LedgerEntry.Kind.PAID).count() == 1
    world.claim.refresh_from_db()
    assert world.claim.status == ClaimStatus.PAID
    assert Message.objects.filter(recipient=world.claim.claimant, idempotency_key__startswith="statement:").count() == 1
    paid = AuditEvent.objects.get(action="payments.run_paid")
    assert paid.actor == people.admin  # the token acts for the admin who made it


def test_paid_on_too_far_ahead_is_400_at_the_field(people, world):
    finance = Api(make_token(people, role="finance"))
    run = _run(people, world.claim)
    response = finance.post(f"/payment-runs/{run.pk}/paid", {"reference": "R", "paid_on": "2027-01-01"})
    assert response.status_code == 400 and "paid_on" in response.json()["errors"]


def test_token_never_decides_its_makers_own_claim(people, world):
    from roundtable.payments.tests.factories import ClaimFactory
    from roundtable.projects.tests.factories import MembershipFactory

    MembershipFactory(project=people.project, user=people.admin)
    own = ClaimFactory(project=people.project, claimant=people.admin)
    api = Api(make_token(people, role="organiser"))
    assert api.post(f"/claims/{own.pk}/approve").status_code == 403
