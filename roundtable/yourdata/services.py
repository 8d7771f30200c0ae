"""Writes for "your data": ask for a copy, build it (worker), delete an account.

Every write is one transaction with the acting person and an audit row.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.lib.commit import after_commit
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue
from roundtable.yourdata.erasure import account_erase, is_erased
from roundtable.yourdata.export import build_archive
from roundtable.yourdata.models import DataRequest

if TYPE_CHECKING:
    from roundtable.accounts.models import User

logger = logging.getLogger(__name__)
CONFIRM_WORDS = "delete my account"


def _enqueue(request_id: int) -> None:
    from roundtable.yourdata.tasks import data_request_build as build_task

    build_task.enqueue(request_id=request_id)


def data_request_create(*, person: User, actor: User) -> DataRequest:
    """Ask for a copy of ``person``'s data; the worker builds it after the commit.

    Idempotent: while one is being made, asking again returns it. ``actor`` is the person, or an
    organisation admin asking for someone added by proxy (audited as by proxy).
    """
    from roundtable.accounts.models import User

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()
        waiting = DataRequest.objects.filter(person=person, status=DataRequest.Status.WAITING).first()
        if waiting is not None:
            return waiting
        request = DataRequest.objects.create(person=person, asked_by=actor)
        audit_record(
            actor=actor,
            action="yourdata.requested",
            subject=person,
            obj=request,
            by_proxy=actor.pk != person.pk,
            summary="Asked for a copy of their data",
        )
        after_commit(_enqueue, request.pk)
    return request


def _organisation_id(person: User) -> int | None:
    from roundtable.projects.models import Membership

    membership = Membership.objects.filter(user=person).select_related("project").order_by("-joined_at").first()
    return membership.project.organisation_id if membership else None


def data_request_build(*, request_id: int) -> str:
    """Build the zip for a waiting request, store it, and tell the person through their own channel.

    Returns "built", or "skipped" when the request is not waiting (already built: the task ran twice).
    A failure is recorded on the request ("failed") and logged; the person can ask again.
    """
    request = DataRequest.objects.select_related("person").filter(pk=request_id).first()
    if request is None or request.status != DataRequest.Status.WAITING:
        return "skipped"
    person = request.person
    try:
        path, pdf, counts = build_archive(person)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the person as "try again"
        logger.exception("Data request %s failed", request_id)
        DataRequest.objects.filter(pk=request_id).update(status=DataRequest.Status.FAILED, error=str(error)[:300])
        return "failed"
    try:
        with transaction.atomic():
            locked = DataRequest.objects.select_for_update().get(pk=request_id)
            if locked.status != DataRequest.Status.WAITING:
                return "skipped"
            with open(path, "rb") as handle:
                locked.archive.save("data.zip", File(handle), save=False)
            locked.summary_pdf.save("summary.pdf", ContentFile(pdf), save=False)
            now = timezone.now()
            locked.status = DataRequest.Status.READY
            locked.ready_at = now
            locked.expires_at = now + dt.timedelta(days=settings.DATA_DOWNLOAD_DAYS)
            locked.size = os.path.getsize(path)
            locked.counts = counts
            locked.save()
            _tell(locked)
    finally:
        os.remove(path)
    return "built"


STUCK_AFTER = dt.timedelta(minutes=10)


def data_requests_build_stuck() -> int:
    """The periodic catch-up: build requests still waiting ``STUCK_AFTER`` after they were asked for (the
    task was lost, or the worker was down). Returns how many were built. Safe to run as often as you like."""
    stuck = DataRequest.objects.filter(
        status=DataRequest.Status.WAITING, created_at__lt=timezone.now() - STUCK_AFTER
    ).values_list("pk", flat=True)[:10]
    return sum(1 for pk in list(stuck) if data_request_build(request_id=pk) == "built")


def _tell(request: DataRequest) -> None:
    person = request.person
    expires = timezone.localtime(request.expires_at).strftime("%-d %B %Y")
    body = _(
        "The copy of your data you asked for is ready. You can download it until {day}. "
        "Only you can open it: sign in first. It has a summary you can read and print."
    ).format(day=expires)
    if not person.uses_web:
        body = _("Here is a printed summary of your data, as you asked.")
    message_queue(
        recipient=person,
        subject=_("Your data is ready"),
        body=body,
        kind="yourdata.ready",
        idempotency_key=f"yourdata:{request.pk}:ready",
        organisation_id=_organisation_id(person),
        link_url=absolute_url(reverse("yourdata:download", args=[request.token])) if person.uses_web else "",
        link_text=_("Download your data") if person.uses_web else "",
        for_leavers=True,
    )


def download_for(*, user: User, token: str) -> DataRequest | None:
    """The ready, unexpired request with ``token`` if it is ``user``'s own; otherwise None (a 404)."""
    request = DataRequest.objects.filter(token=token, person=user, status=DataRequest.Status.READY).first()
    if request is None or request.expires_at is None or request.expires_at <= timezone.now() or not request.archive:
        return None
    return request


def account_delete_self(*, person: User, confirm: str) -> dict[str, int]:
    """The person deletes their own account; ``confirm`` must be the words "delete my account".

    Raises ``ValidationError`` (on ``confirm``) when the words do not match.
    """
    if confirm.strip().lower().rstrip(".") != CONFIRM_WORDS:
        raise ValidationError({"confirm": _("Type the words delete my account to show you are sure.")})
    return account_erase(person=person, actor=person, reason="asked on their own page")


def account_delete_for(*, person: User, actor: User, reason: str, may_act: bool) -> dict[str, int]:
    """An organisation admin deletes the account of someone they added by proxy, on that person's request.

    ``may_act`` is the permission check's answer (see views); ``reason`` (how and when they asked) is
    required and recorded in the audit row. Raises ``PermissionDenied`` or ``ValidationError``.
    """
    if not may_act or person.uses_web or is_erased(person):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say how and when they asked for their account to be deleted.")})
    return account_erase(
        person=person,
        actor=actor,
        reason=reason.strip(),
        by_proxy=True,
        organisation_id=_admin_organisation_id(person=person, actor=actor),
    )


def _admin_organisation_id(*, person: User, actor: User) -> int | None:
    """The organisation whose admin ``actor`` is and where ``person`` is a member (the latest joined): the
    audit log that records the erasure."""
    from roundtable.projects.models import Membership, StaffMembership, StaffRole

    admin_of = StaffMembership.objects.filter(user=actor, role=StaffRole.ADMIN).values("organisation_id")
    return (
        Membership.objects.filter(user=person, project__organisation_id__in=admin_of)
        .order_by("-joined_at")
        .values_list("project__organisation_id", flat=True)
        .first()
    )
