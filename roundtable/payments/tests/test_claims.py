"""Claims from the register and by hand, their states, approval, runs, the ledger and statements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import Message
from roundtable.payments import services
from roundtable.payments.ledger import ledger_problems
from roundtable.payments.models import Claim, ClaimStatus, LedgerEntry, Statement
from roundtable.payments.selectors import pay_parity, timeliness
from roundtable.payments.tests.conftest import JPEG, held_meeting

pytestmark = pytest.mark.django_db


def test_a_register_drafts_a_time_claim_with_overrun_and_preparation(people, uplift):
    meeting = held_meeting(people, dt.date(2026, 1, 14))
    [claim] = services.claims_draft_for_meeting(meeting=meeting)
    assert claim.status == ClaimStatus.DRAFT and claim.automatic
    assert claim.hours == Decimal("2.25") and claim.prep_hours == Decimal("0.50")
    assert claim.rate == uplift and claim.amount == Decimal("75.63")  # 2.75 h x £27.50 = 75.625, half up
    assert services.claims_draft_for_meeting(meeting=meeting) == []  # idempotent
    assert Claim.objects.filter(meeting=meeting).count() == 1


def test_work_before_the_uplift_uses_the_old_rate(people, uplift):
    meeting = held_meeting(people, dt.date(2025, 12, 10), actual_end=(12, 0), prep_minutes=0)
    [claim] = services.claims_draft_for_meeting(meeting=meeting)
    assert claim.amount == Decimal("50.00")


def _approved(people):
    meeting = held_meeting(people, dt.date(2026, 1, 14))
    [claim] = services.claims_draft_for_meeting(meeting=meeting)
    services.claim_submit(actor=people.partner, claim=claim)
    services.claim_submit(actor=people.partner, claim=claim)  # twice: still one
    return services.claim_approve(actor=people.organiser, claim=claim)


def test_the_whole_way_from_register_to_statement(people, uplift):
    claim = _approved(people)
    assert services.claim_approve(actor=people.organiser, claim=claim).status == ClaimStatus.APPROVED
    assert LedgerEntry.objects.filter(claim=claim).count() == 1
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    assert run.total == claim.payable
    assert services.run_create(actor=people.finance, organisation=people.organisation) is None
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="BACS 1")
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 2), reference="BACS 2")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID and claim.paid_on == dt.date(2026, 2, 1)
    assert LedgerEntry.objects.filter(claim=claim, kind="paid").count() == 1
    assert Statement.objects.filter(run=run, person=people.partner).count() == 1
    assert Message.objects.filter(recipient=people.partner, kind="payment_statement").count() == 1
    assert ledger_problems() == []
    call_command("check_ledger", stdout=StringIO())
    assert AuditEvent.objects.filter(action="payments.run_paid").count() == 1
    statements = AuditEvent.objects.get(action="payments.statements_sent")  # money: who told whom they were paid
    assert (statements.actor, statements.details) == (people.finance, {"people": 1, "told": 1})


def test_check_ledger_fails_on_a_mismatch(people, uplift):
    claim = _approved(people)
    Claim.objects.filter(pk=claim.pk).update(payable=Decimal("1.00"))
    with pytest.raises(CommandError):
        call_command("check_ledger", stdout=StringIO(), stderr=StringIO())


def test_ledger_rows_never_change(people, uplift):
    claim = _approved(people)
    entry = LedgerEntry.objects.get(claim=claim)
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_a_paid_claim_is_corrected_by_a_new_entry(people, uplift):
    claim = _approved(people)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="R1")
    claim.refresh_from_db()
    correction = services.claim_correct(actor=people.finance, claim=claim, amount=claim.payable - 10, reason="Too much")
    assert correction.payable == Decimal("-10.00") and correction.corrects == claim
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert ledger_problems() == []


def test_query_then_correct_and_send_again(people, uplift):
    meeting = held_meeting(people, dt.date(2026, 1, 14))
    [claim] = services.claims_draft_for_meeting(meeting=meeting)
    services.claim_submit(actor=people.partner, claim=claim)
    with pytest.raises(ValidationError):
        services.claim_query(actor=people.organiser, claim=claim, reason="  ")
    services.claim_query(actor=people.organiser, claim=claim, reason="Did you leave early?")
    assert Message.objects.filter(recipient=people.partner, kind="payment_query").exists()
    services.claim_update(
        actor=people.partner,
        claim=claim,
        data={"hours": Decimal("1.5"), "prep_hours": Decimal("0"), "work_date": dt.date(2026, 1, 14)},
    )
    claim = services.claim_submit(actor=people.partner, claim=claim)
    assert claim.status == ClaimStatus.SUBMITTED and claim.amount == Decimal("41.25")


def test_declining_is_recorded_as_a_choice_and_not_a_parity_flag(people, uplift):
    meeting = held_meeting(people, dt.date(2026, 1, 14))
    assert [f.user_id for f in pay_parity(project=people.project)] == [people.partner.pk]
    [claim] = services.claims_draft_for_meeting(meeting=meeting)
    services.claim_choose(actor=people.partner, claim=claim, choice="decline")
    claim = services.claim_submit(actor=people.partner, claim=claim)
    assert claim.status == ClaimStatus.DECLINED and claim.payable == 0
    assert pay_parity(project=people.project) == []


def test_a_hand_claim_sent_twice_makes_one(people, uplift):
    data = {"work_date": dt.date(2026, 1, 20), "activity": "Reviewed the leaflet", "hours": Decimal("2")}
    one = services.claim_create(
        actor=people.partner,
        project=people.project,
        claimant=people.partner,
        kind="time",
        data=data,
        submission_key="k1",
    )
    two = services.claim_create(
        actor=people.partner,
        project=people.project,
        claimant=people.partner,
        kind="time",
        data=data,
        submission_key="k1",
    )
    assert one.pk == two.pk and one.amount == Decimal("55.00")


def test_costs_over_the_limit_need_a_real_receipt(people, uplift):
    data = {"work_date": dt.date(2026, 1, 20), "expense_kind": "childcare", "amount": Decimal("40")}
    with pytest.raises(ValidationError) as error:
        services.claim_create(
            actor=people.partner,
            project=people.project,
            claimant=people.partner,
            kind="expense",
            data=data,
            submission_key="e1",
        )
    assert "receipt" in error.value.message_dict
    fake = SimpleUploadedFile("r.jpg", b"MZ not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.claim_create(
            actor=people.partner,
            project=people.project,
            claimant=people.partner,
            kind="expense",
            data=data,
            submission_key="e2",
            receipt=fake,
        )
    photo = SimpleUploadedFile("r.jpg", JPEG, content_type="image/jpeg")
    claim = services.claim_create(
        actor=people.partner,
        project=people.project,
        claimant=people.partner,
        kind="expense",
        data=data,
        submission_key="e3",
        receipt=photo,
    )
    assert claim.receipt and claim.payable == Decimal("40.00")


def test_mileage_is_paid_at_the_organisations_rate(people):
    data = {"work_date": dt.date(2026, 1, 20), "expense_kind": "mileage", "miles": Decimal("11")}
    claim = services.claim_create(
        actor=people.partner,
        project=people.project,
        claimant=people.partner,
        kind="expense",
        data=data,
        submission_key="m1",
    )
    assert claim.amount == Decimal("4.95")


def test_marking_paid_needs_a_date_and_reference(people, uplift):
    _approved(people)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    with pytest.raises(ValidationError) as error:
        services.run_mark_paid(actor=people.finance, run=run, paid_on=None, reference="")
    assert set(error.value.message_dict) == {"paid_on", "reference"}


def test_timeliness_counts_claims_paid_within_target(people, uplift):
    claim = _approved(people)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    services.run_mark_paid(actor=people.finance, run=run, paid_on=claim.submitted_at.date(), reference="R")
    result = timeliness(organisation=people.organisation)
    assert result.paid_count == 1 and result.share_within_target == 100
