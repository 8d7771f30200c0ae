"""Łucja's world: a partner with distinctive details in every app, for the download and erasure tests.

``lucja_world()`` builds the standing cast (``build_people``) and Łucja Wiśniewska-Zięba, a partner in
"Better sleep" with a profile (phone, postal address, access needs), a claim with a receipt, a
contribution and her naming choice on a published report, a check-in answer, a barrier, a note on a
named board, a named vote, messages to her and messages to the organiser that name her, and audit rows
about her (the organiser viewed her access needs). Everything goes through the apps' services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from roundtable.accounts.tests.factories import person
from roundtable.audit.services import audit_record
from roundtable.conversation.services import reply_post, topic_start
from roundtable.credits.tests.factories import ContributionFactory, OutputCreditFactory, OutputFactory
from roundtable.decisions.tests.factories import ProposalFactory
from roundtable.feedback.models import Anonymity
from roundtable.feedback.tests.factories import BarrierFactory, BoardFactory, NoteFactory
from roundtable.feedback.tests.factories_checkins import CheckInAnswerFactory, CheckInFactory
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.services import message_queue
from roundtable.payments.tests.factories import ClaimFactory
from roundtable.projects.tests.factories import MembershipFactory, build_people
from roundtable.safety.services import breach_report
from roundtable.stories.services import part_save, share_create, share_open

LUCJA = {
    "email": "lucja.wisniewska.zq@example.org",
    "full_name": "Łucja Wiśniewska-Zięba",
    "phone": "07700 900417",
    "postal_address": "17 Kowalska Row\nLeeds\nLS9 8QZ",
}


def lucja_world() -> SimpleNamespace:
    """The cast, plus ``lucja`` and what she made (``claim``, ``contribution``, ``output``, ``proposal``)."""
    w = build_people()
    w.lucja = person(
        LUCJA["email"],
        LUCJA["full_name"],
        channels=["email"],
        phone=LUCJA["phone"],
        postal_address=LUCJA["postal_address"],
        access_needs="Step-free access <b>please</b>",
        naming="full_name",
    )
    name = LUCJA["full_name"]
    MembershipFactory(project=w.project, user=w.lucja)
    w.claim = ClaimFactory(
        project=w.project,
        claimant=w.lucja,
        kind="expense",
        expense_kind="childcare",
        amount=Decimal("12.50"),
        activity=f"Childcare for {name}",
        receipt=SimpleUploadedFile(f"receipt {name}.png", b"\x89PNG\r\n\x1a\nreceipt", content_type="image/png"),
    )
    w.contribution = ContributionFactory(project=w.project, person=w.lucja, description=f"{name} told us about nights")
    w.output = OutputFactory(project=w.project, contributions=[w.contribution])
    OutputCreditFactory(output=w.output, person=w.lucja, naming="full_name")
    held = timezone.now() - dt.timedelta(hours=3)
    meeting = MeetingFactory(project=w.project, already_held=True, notify=False, starts_at=held)
    w.check_in = CheckInFactory(meeting=meeting)
    CheckInAnswerFactory(check_in=w.check_in, person=w.lucja, feeling_text=f"I am {name} and I felt heard")
    w.barrier = BarrierFactory(project=w.project, raised_by=w.lucja, description=f"Call me on {LUCJA['phone']}")
    board = BoardFactory(project=w.project, anonymity=Anonymity.NAMED)
    w.note = NoteFactory(board=board, author=w.lucja, text="Evenings after 8pm are best")
    w.proposal = ProposalFactory(project=w.project, partner_votes=[w.lucja, w.partner])
    message_queue(
        recipient=w.lucja,
        subject="Your claim",
        body=f"Dear {name}, we have your claim.",
        kind="test.claim",
        idempotency_key="test:lucja:claim",
    )
    message_queue(
        recipient=w.organiser,
        subject=f"{name} sent a claim",
        body=f"{name} ({LUCJA['email']}, {LUCJA['phone']}) lives at 17 Kowalska Row, LS9 8QZ.",
        kind="test.claim",
        idempotency_key="test:tom:lucja-claim",
    )
    audit_record(
        actor=w.organiser,
        action="profile.viewed",
        subject=w.lucja,
        summary=f"Looked at the access needs of {name}",
        details={"who": name, "when": dt.date(2026, 11, 1).isoformat()},
    )
    # Issue 16 and 17: her story (shared and read), a topic she started with a reply under it, her reply to
    # it, and a report that a ground rule was broken.
    w.story = part_save(actor=w.lucja, owner=w.lucja, title="Nights", text=f"I am {name}, call {LUCJA['phone']}")
    share = share_create(actor=w.lucja, part=w.story, project=w.project, purpose="To help plan the study")
    share_open(reader=w.organiser, share=share)
    w.topic = topic_start(project=w.project, author=w.lucja, title="Bedtime", body=f"From {name}: what helps?")
    reply_post(topic=w.topic, author=w.partner, body="A warm bath helps us.")
    reply_post(topic=w.topic, author=w.lucja, body=f"Thank you, {name} here again.")
    breach_report(actor=w.lucja, project=w.project, what_happened=f"{name} was talked over")
    return w
