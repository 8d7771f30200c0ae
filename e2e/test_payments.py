"""The payments journey in a real browser, at phone and desktop width, with axe on every page.

Amira sees the Carer's Allowance warning on a claim drafted from the meeting register, chooses a lower
amount and sends it; she adds a childcare cost with a photo of the receipt. Tom approves both. Sam makes a
payment run, adds Amira's payee number, downloads it, and marks it paid. Amira reads her statement.

The benefits guard on its own, at phone width: the page shows her saved choice (nothing chosen for her),
the claim is not sent until she chooses, and the send button names the amount that is sent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from roundtable.accounts.tests.factories import person
from roundtable.lib.sample_text import stretch
from roundtable.meetings import services as meetings
from roundtable.meetings.models import Attendance
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.payments import services as payments
from roundtable.payments.models import Claim, LedgerEntry, Statement
from roundtable.payments.tests.factories import ClaimFactory
from roundtable.projects.models import Organisation, Project, StaffRole
from roundtable.projects.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PayRateFactory,
    ProjectFactory,
    StaffMembershipFactory,
)

pytestmark = pytest.mark.e2e

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def cast(transactional_db):
    from roundtable.payments.benefits import ensure_default_limits

    ensure_default_limits()
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    sam = person("sam@e2e.example", "Sam Okafor", known_as="Sam", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["email"])
    org = OrganisationFactory(admin=tom, name=stretch("Northgate University", 150), kind=Organisation.Kind.RESEARCH)
    StaffMembershipFactory(organisation=org, user=sam, role=StaffRole.FINANCE)
    rate = PayRateFactory(
        organisation=org, amount=Decimal("27.50"), effective_from=dt.date(2025, 12, 16), source_note="NIHR uplift"
    )
    project = ProjectFactory(organisation=org, created_by=tom, title=stretch("Support at school", 150), draft=True)
    Project.objects.filter(pk=project.pk).update(pay_rate=rate, preparation_paid=True, expenses_covered=["childcare"])
    MembershipFactory(project=project, user=amira, invited_by=tom)
    payments.benefit_record_set(actor=amira, user=amira, data={"carers_allowance": True})
    day = timezone.localdate() - dt.timedelta(days=7)
    day = day - dt.timedelta(days=day.weekday())  # a Monday, so the whole week is in the past
    meeting = MeetingFactory(
        project=project, created_by=tom, already_held=True, title=stretch("Workshop", 150), starts_at=at(day, 20),
        ends_at=at(day, 22),
    )  # fmt: skip
    meetings.attendance_record(
        actor=tom, meeting=meeting, started_at=at(day, 20), ended_at=at(day, 22, 15),
        rows=[
            meetings.AttendanceRow(user=amira, role=Attendance.Role.PARTNER, status="attended", mode="online"),
            meetings.AttendanceRow(
                user=tom, role=Attendance.Role.STAFF, status="attended", mode="online", paid_work_time=True
            ),
        ],
    )  # fmt: skip
    ClaimFactory(
        project=project, claimant=amira, work_date=day + dt.timedelta(days=2), activity=stretch("Tested the form", 200),
        hours=Decimal("6"), submission_key="e2e-week",
    )  # fmt: skip
    return tom, sam, amira, project, org


def test_payments_journey(ui, cast, tmp_path: Path):
    tom, sam, amira, project, org = cast
    page = ui.page

    # Amira, on her phone: the draft from the register, the warning, her own choice of a lower amount.
    ui.sign_in(amira)
    ui.goto("/payments/")
    page.get_by_role("link", name="Workshop").first.click()
    ui.seen("claim with warning")
    assert "Check your Carer" in ui.text()
    assert page.get_by_label("The full fee").is_checked() and page.get_by_label("The lower amount").input_value() == ""
    page.get_by_label("A lower amount for this week").check()
    page.get_by_label("The lower amount").fill("20.00")
    page.get_by_role("button", name="Save my choice").click()
    ui.seen("choice saved")
    page.get_by_role("button", name="This is right, send it for £20.00").click()
    ui.seen("claim sent")
    claim = Claim.objects.get(meeting__isnull=False)
    assert claim.status == "submitted" and claim.choice == "reduced" and claim.payable == Decimal("20.00")

    # A childcare cost with a photo of the receipt.
    ui.goto(f"/payments/projects/{project.pk}/claim/expense/")
    page.get_by_label("Childcare").check()
    page.get_by_label("How much did it cost?").fill("45.00")
    photo = tmp_path / "receipt.jpg"
    photo.write_bytes(JPEG)
    page.get_by_label("Photo or PDF of the receipt").set_input_files(str(photo))
    page.get_by_role("button", name="Send the claim").click()
    ui.seen("cost sent")
    assert Claim.objects.filter(kind="expense", claimant=amira).exclude(receipt="").count() == 1

    # Tom approves both.
    ui.sign_out()
    ui.sign_in(tom)
    for _ in range(2):
        ui.goto(f"/payments/projects/{project.pk}/claims/")
        page.locator("main ul.govuk-list a").first.click()
        ui.seen("claim to approve", key=False)
        page.get_by_role("button", name="Approve this claim").click()
        ui.seen("approved", key=False)
    assert Claim.objects.filter(status="approved").count() == 2

    # Tom can claim for a partner who does not use the web, and record a cost paid in advance (axe on both).
    ui.goto(f"/payments/projects/{project.pk}/claims/")
    page.get_by_role("link", name=f"Claim time for {amira}").click()
    ui.seen("claim for someone", key=False)
    assert f'value="{amira.pk}"' in page.content()
    ui.goto(f"/payments/projects/{project.pk}/paid-in-advance/")

    # Sam makes a run, downloads it, marks it paid.
    ui.sign_out()
    ui.sign_in(sam)
    ui.goto(f"/payments/org/{org.slug}/")
    page.get_by_role("button", name="Make a payment run").click()
    ui.seen("payment run")
    assert "You cannot download or pay this run yet" in ui.text()  # Amira has no payee number yet
    page.get_by_label(f"Payee number for {amira}").fill("NG-P-0042")
    page.get_by_role("button", name=f"Save the payee number for {amira}").click()
    ui.seen("payee number saved", key=False)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download for the bank (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    page.get_by_label("Day the bank paid it").fill(timezone.localdate().isoformat())
    page.get_by_label("Bank or finance system reference").fill("BACS 77")
    page.get_by_role("button", name="Mark as paid").click()
    ui.seen("run paid")
    assert LedgerEntry.objects.filter(kind="paid").count() == 2

    # Amira reads her statement.
    ui.sign_out()
    ui.sign_in(amira)
    ui.goto("/payments/")
    page.get_by_role("link", name="Paid").first.click()
    ui.seen("statement")
    assert "BACS 77" in ui.text()
    assert Statement.objects.filter(person=amira).count() == 1


@pytest.mark.parametrize("viewport", ["phone"])
def test_benefits_guard_journey(ui, cast, viewport):
    """Issue 11: a suggestion is not a choice, and what Amira is shown is what is sent."""
    _tom, _sam, amira, project, _org = cast
    page = ui.page
    ui.sign_in(amira)
    ui.goto("/payments/")
    page.get_by_role("link", name="Workshop").first.click()
    ui.seen("guard: claim over the limit")
    claim = Claim.objects.get(meeting__isnull=False)
    full = f"£{claim.payable:,.2f}"
    assert page.get_by_label("The full fee").is_checked()
    assert not page.get_by_label("A lower amount for this week").is_checked()
    # Sending before choosing does not send it.
    page.get_by_role("button", name=f"This is right, send it for {full}").click()
    ui.seen("guard: choose first")
    assert "Choose what you would like for this claim before you send it" in ui.text()
    claim.refresh_from_db()
    assert claim.status == "draft"
    # She chooses no payment: the button says so, and nothing is paid.
    page.get_by_label("No payment, thank you").check()
    page.get_by_role("button", name="Save my choice").click()
    ui.seen("guard: choice saved")
    page.get_by_role("button", name="This is right, send it with no payment").click()
    ui.seen("guard: sent")
    claim.refresh_from_db()
    assert claim.status == "declined" and claim.payable == 0
    # A claim made by hand that goes over the limit is kept back with the same warning, not sent.
    ui.goto(f"/payments/projects/{project.pk}/claim/time/")
    day = Claim.objects.get(submission_key="e2e-week").work_date
    page.get_by_label("Day of the work").fill(day.isoformat())
    page.get_by_label("What did you do?").fill("Read the survey draft")
    page.get_by_label("How many hours?").fill("2")
    page.get_by_role("button", name="Send the claim").click()
    ui.seen("guard: hand claim kept back")
    assert "saved, but not sent yet" in ui.text() and "Check your Carer" in ui.text()
    assert Claim.objects.get(activity="Read the survey draft").status == "draft"
