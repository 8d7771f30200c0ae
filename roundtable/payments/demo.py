"""This app's chapter of the demo story, loaded after the meetings chapter.

"Short breaks for disabled children" (the council; Priya and Tom organise, Sam pays the council's
claims too): a listening session 40 days ago whose claims were paid last month in a payment run;
Workshop 1 three weeks ago, whose register drafted Amira's claim. Amira also tested the booking form
that week, so her fees for that week would go over the Carer's Allowance limit: both claims wait as
drafts, with the warning and her saved choice, until she chooses what she would like (issue 11).
Claims are in every state: draft, sent, queried, approved, paid, declined (Joe's choice) and taken back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.core.files.base import ContentFile
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.meetings import services as meetings
from roundtable.meetings.models import Attendance, Meeting
from roundtable.payments import services
from roundtable.payments.models import Claim, ClaimKind, PaymentRun
from roundtable.projects import services as projects
from roundtable.projects.models import Project, StaffRole

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _photo(name: str) -> ContentFile:
    upload = ContentFile(JPEG, name=name)
    upload.size = len(JPEG)
    return upload


def load() -> None:
    people = {
        k: User.objects.filter(email=f"{k}@demo.roundtable.example").first()
        for k in ("amira", "joe", "tom", "sam", "priya")
    }
    breaks = Project.objects.filter(title="Short breaks for disabled children").select_related("organisation").first()
    workshop = Meeting.objects.filter(title="Workshop 1: what works now", project=breaks).first() if breaks else None
    if not all(people.values()) or breaks is None or workshop is None:
        return
    amira, joe, tom, sam, priya = (cast(User, people[k]) for k in ("amira", "joe", "tom", "sam", "priya"))
    council = breaks.organisation
    today = timezone.localdate()
    projects.staff_roles_set(actor=priya, organisation=council, user=sam, roles={StaffRole.FINANCE})

    services.benefit_record_set(
        actor=amira, user=amira, data={"carers_allowance": True, "universal_credit": True, "uc_period_day": 14}
    )
    services.choice_set(actor=amira, user=amira, project=None, data={"choice": "bank", "payee_reference": "NFC-P-0042"})
    services.choice_set(actor=joe, user=joe, project=None, data={"choice": "bank", "payee_reference": "NFC-P-0057"})

    # 1. A listening session 40 days ago, paid last month.
    held = today - dt.timedelta(days=40)
    session = meetings.meeting_create(
        actor=priya,
        project=breaks,
        already_held=True,
        data={
            "title": "Listening session",
            "format": "online",
            "starts_at": _at(held, 20),
            "ends_at": _at(held, 21, 30),
        },
    )
    meetings.attendance_record(
        actor=priya,
        meeting=session,
        started_at=_at(held, 20),
        ended_at=_at(held, 21, 40),
        rows=[
            meetings.AttendanceRow(user=amira, role=Attendance.Role.PARTNER, status="attended", mode="online"),
            meetings.AttendanceRow(user=joe, role=Attendance.Role.PARTNER, status="attended", mode="phone"),
            meetings.AttendanceRow(
                user=priya, role=Attendance.Role.STAFF, status="attended", mode="online", paid_work_time=True
            ),
        ],
    )
    for claim in services.claims_draft_for_meeting(meeting=session):
        services.claim_submit(actor=claim.claimant, claim=claim)
        services.claim_approve(actor=priya, claim=claim)
    childcare = services.claim_create(
        actor=amira, project=breaks, claimant=amira, kind=ClaimKind.EXPENSE,
        data={"work_date": held, "expense_kind": "childcare", "amount": Decimal("30.00")},
        submission_key="demo-amira-childcare-1", receipt=_photo("childcare-receipt.jpg"),
    )  # fmt: skip
    services.claim_approve(actor=priya, claim=childcare)
    run = services.run_create(actor=sam, organisation=council)
    assert run is not None  # the claim approved above is in it
    last_month = today.replace(day=1) - dt.timedelta(days=10)
    services.run_mark_paid(actor=sam, run=run, paid_on=last_month, reference="BACS NFC-2041")
    # The claims were sent the day after the session and paid in the target time.
    Claim.objects.filter(run=run).update(submitted_at=_at(held + dt.timedelta(days=1), 9))
    PaymentRun.objects.filter(pk=run.pk).update(created_at=_at(last_month, 9))

    # 2. Workshop 1 (three weeks ago): Amira's draft waits for her; Joe chose no payment for it.
    drafts = {c.claimant_id: c for c in services.claims_draft_for_meeting(meeting=workshop)}
    if joe.pk in drafts:
        services.claim_choose(actor=joe, claim=drafts[joe.pk], choice="decline")
        services.claim_submit(actor=joe, claim=drafts[joe.pk])
    # The same week, Amira tested the booking form: her fees for that week go over £196.
    services.claim_create(
        actor=amira, project=breaks, claimant=amira, kind=ClaimKind.TIME,
        data={"work_date": workshop.starts_at.date() + dt.timedelta(days=1 if workshop.starts_at.weekday() < 6 else 0),
              "activity": "Tested the new booking form and wrote notes", "hours": Decimal("6")},
        submission_key="demo-amira-booking-form",
    )  # fmt: skip
    phone = services.claim_create(
        actor=amira, project=breaks, claimant=amira, kind=ClaimKind.TIME,
        data={"work_date": today - dt.timedelta(days=3), "activity": "Phone call with Priya", "hours": Decimal("0.5")},
        submission_key="demo-amira-phone",
    )  # fmt: skip
    services.claim_withdraw(actor=amira, claim=phone)
    reading = services.claim_create(
        actor=joe, project=breaks, claimant=joe, kind=ClaimKind.TIME,
        data={"work_date": today - dt.timedelta(days=2), "activity": "Read the draft offer", "hours": Decimal("1")},
        submission_key="demo-joe-reading",
    )  # fmt: skip
    services.claim_query(actor=tom, claim=reading, reason="Thank you! Was this the 8-page draft? It said 30 minutes.")
    # A claim sent and waiting for Priya to look at it.
    services.claim_create(
        actor=joe, project=breaks, claimant=joe, kind=ClaimKind.TIME,
        data={"work_date": today - dt.timedelta(days=5), "activity": "Ideas for the play day", "hours": Decimal("1")},
        submission_key="demo-joe-ideas",
    )  # fmt: skip
    bus = services.claim_create(
        actor=joe, project=breaks, claimant=joe, kind=ClaimKind.EXPENSE,
        data={"work_date": workshop.starts_at.date(), "expense_kind": "travel", "amount": Decimal("6.40")},
        submission_key="demo-joe-bus",
    )  # fmt: skip
    services.claim_approve(actor=tom, claim=bus)
