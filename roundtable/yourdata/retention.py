"""Keeping only what is needed: the retention sweep.

Each kind of data has a period in ``settings.RETENTION`` (days, from when, and the source of the
rule). ``retention_sweep`` removes or anonymises what is older than its period, and downloads whose
link has run out. It is safe to run as often as you like: a second run finds nothing more to do.
It runs from the worker (periodic job ``yourdata.retention``) and from
``roundtable manage retention_sweep``, which prints each line it returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from roundtable.lib.commit import after_commit


@dataclass(frozen=True)
class SweepLine:
    """What the sweep did for one kind: ``count`` rows, in words ``what``, older than ``before``."""

    kind: str
    count: int
    what: str
    before: dt.datetime | None = None

    def __str__(self) -> str:
        when = f" (older than {self.before:%Y-%m-%d})" if self.before else ""
        return f"{self.kind}: {self.count} {self.what}{when}"


def retention_days(kind: str) -> int:
    """How many days ``kind`` is kept (``settings.RETENTION[kind]["days"]``). Raises ``KeyError`` if unknown."""
    days = settings.RETENTION[kind]["days"]
    assert isinstance(days, int), f"RETENTION[{kind!r}]['days'] is a whole number of days"
    return days


def cutoff(kind: str, now: dt.datetime) -> dt.datetime:
    """The moment before which ``kind`` is past its period. Raises ``KeyError`` for an unknown kind."""
    return now - dt.timedelta(days=retention_days(kind))


def _receipts(now: dt.datetime) -> SweepLine:
    from roundtable.payments.models import Claim

    before = cutoff("receipts", now)
    count = 0
    for claim in Claim.objects.filter(created_at__lt=before).exclude(receipt="").only("pk", "receipt"):
        storage, name = claim.receipt.storage, claim.receipt.name
        Claim.objects.filter(pk=claim.pk).update(receipt="", receipt_name="", receipt_type="")
        after_commit(storage.delete, name)
        count += 1
    return SweepLine("receipts", count, "receipt files removed (the claims stay)", before)


def _messages(now: dt.datetime) -> SweepLine:
    from roundtable.notifications.models import Message, MessageStatus

    before = cutoff("messages", now)
    open_states = [MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.RETRYING, MessageStatus.WAITING]
    old = Message.objects.filter(created_at__lt=before).exclude(status__in=open_states)
    count = old.count()
    old.delete()
    return SweepLine("messages", count, "messages deleted, with their deliveries", before)


def _anonymous_feedback(now: dt.datetime) -> SweepLine:
    from roundtable.feedback.models import Feedback

    before = cutoff("anonymous_feedback", now)
    old = Feedback.objects.filter(created_at__lt=before)
    count = old.count()
    old.delete()
    return SweepLine("anonymous_feedback", count, "anonymous feedback deleted", before)


def _audit(now: dt.datetime) -> SweepLine:
    from roundtable.audit.models import AuditEvent

    before = cutoff("audit", now)
    old = AuditEvent.objects.filter(created_at__lt=before)
    count = old.count()
    old.delete()
    return SweepLine("audit", count, "audit rows deleted", before)


def left_long_ago(now: dt.datetime):
    """People whose every membership ended before the period, with no staff role and never staff of
    the site: their accounts are deleted as if they had asked (a queryset of users)."""
    from roundtable.accounts.models import User
    from roundtable.projects.models import Membership

    before = cutoff("left_profiles", now)
    return (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False, memberships__isnull=False)
        .exclude(memberships__status=Membership.Status.ACTIVE)
        .exclude(memberships__left_at__isnull=True)
        .exclude(staff_roles__isnull=False)
        .annotate(last_left=Max("memberships__left_at"))
        .filter(last_left__lt=before)
        .distinct()
    )


def _left_profiles(now: dt.datetime) -> SweepLine:
    from roundtable.yourdata.erasure import account_erase

    count = 0
    for person in left_long_ago(now):
        if account_erase(person=person, actor=None, reason="retention: left every project long ago"):
            count += 1
    return SweepLine("left_profiles", count, "accounts of people who left deleted", cutoff("left_profiles", now))


def _downloads(now: dt.datetime) -> SweepLine:
    from roundtable.yourdata.models import DataRequest

    count = 0
    due = DataRequest.objects.filter(Q(status=DataRequest.Status.READY) | Q(status=DataRequest.Status.FAILED))
    for request in due.filter(expires_at__lt=now):
        for stored in (request.archive, request.summary_pdf):
            if stored:
                storage, name = stored.storage, stored.name
                after_commit(storage.delete, name)
        DataRequest.objects.filter(pk=request.pk).update(status=DataRequest.Status.EXPIRED, archive="", summary_pdf="")
        count += 1
    return SweepLine("downloads", count, "download links that ran out removed")


def retention_sweep(*, now: dt.datetime | None = None) -> list[SweepLine]:
    """Remove or anonymise everything past its retention period; one line per kind.

    Payments and their ledger are never removed here: HMRC's period is a minimum, and the ledger is
    append-only (a person who asked to be erased already has no name on theirs).
    """
    now = now or timezone.now()
    lines = []
    for step in (_receipts, _messages, _anonymous_feedback, _audit, _left_profiles, _downloads):
        with transaction.atomic():
            lines.append(step(now))
    return lines


def retention_sweep_count() -> int:
    """The periodic job: how many things the sweep did (``lib.periodic`` wants a count)."""
    return sum(line.count for line in retention_sweep())
