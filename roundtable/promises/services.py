"""Writes for the promises pages: the admin's notice words, and the audit rows for reading the log or
taking the organisation's data away."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.lib.commit import after_commit
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue
from roundtable.projects.models import Organisation
from roundtable.promises.export import zip_organisation
from roundtable.promises.models import WORDS_LIMIT, NoticeWords, OrganisationExport
from roundtable.promises.notice import MORE, SECTION_KEYS
from roundtable.promises.permissions import require_admin_of

logger = logging.getLogger(__name__)


def notice_words_set(*, actor, organisation, words: dict[str, str], more_heading: str = "") -> int:
    """Save the admin's words for each section of the organisation's notice; empty words remove them.

    ``words``: section key (``SECTION_KEYS`` or "more") -> text of at most WORDS_LIMIT characters.
    Returns how many sections changed; audited once ("privacy.notice_changed") when any did.
    Raises PermissionDenied unless ``actor`` is the organisation's admin; ValidationError for an unknown
    section or text over the limit.
    """
    require_admin_of(actor, organisation)
    allowed = {*SECTION_KEYS, MORE}
    changed: list[str] = []
    with transaction.atomic():
        existing = {w.section: w for w in NoticeWords.objects.select_for_update().filter(organisation=organisation)}
        for key, text in words.items():
            if key not in allowed:
                raise ValidationError(f"Unknown section {key!r}.")
            text = (text or "").strip()
            if len(text) > WORDS_LIMIT:
                raise ValidationError(f"Section {key!r} is longer than {WORDS_LIMIT} characters.")
            heading = more_heading.strip()[:120] if key == MORE else ""
            row = existing.get(key)
            if not text:
                if row is not None:
                    row.delete()
                    changed.append(key)
                continue
            if row is not None and row.words == text and row.heading == heading:
                continue
            if row is None:
                row = NoticeWords(organisation=organisation, section=key)
            row.words, row.heading, row.updated_by = text, heading, actor
            row.full_clean()
            row.save()
            changed.append(key)
        if changed:
            audit_record(
                actor=actor,
                obj=organisation,
                action="privacy.notice_changed",
                summary=organisation.name,
                details={"sections": changed},
            )
    return len(changed)


def audit_log_read_record(*, actor, organisation, details: dict, exported: bool = False) -> None:
    """Record that ``actor`` read (or downloaded, ``exported``) the organisation's audit log, with the filters."""
    audit_record(
        actor=actor,
        action="audit.log_exported" if exported else "audit.log_viewed",
        organisation_id=organisation.pk,
        summary=organisation.name,
        details=details,
    )


def _enqueue_export(export_id: int) -> None:
    from roundtable.promises.tasks import organisation_export_build as build_task

    build_task.enqueue(export_id=export_id)


def organisation_export_request(*, actor, organisation) -> OrganisationExport:
    """An admin asks for a zip of everything the organisation holds; the worker builds it after the commit.

    Idempotent and race-safe: while one is being made for the organisation, asking again (by any admin)
    returns it (the organisation row is locked, and a unique constraint allows one waiting export).
    Audited ("organisation.export_requested"). Raises PermissionDenied unless ``actor`` is an admin.
    """
    require_admin_of(actor, organisation)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        waiting = OrganisationExport.objects.filter(
            organisation=organisation, status=OrganisationExport.Status.WAITING
        ).first()
        if waiting is not None:
            return waiting
        try:
            with transaction.atomic():
                export = OrganisationExport.objects.create(organisation=organisation, asked_by=actor)
        except IntegrityError:  # another request made one between our read and our write
            return OrganisationExport.objects.get(organisation=organisation, status=OrganisationExport.Status.WAITING)
        audit_record(
            actor=actor,
            action="organisation.export_requested",
            obj=export,
            organisation_id=organisation.pk,
            summary=organisation.name,
        )
        after_commit(_enqueue_export, export.pk)
    return export


def organisation_export_build(*, export_id: int) -> str:
    """The worker's part: write the zip (``export.zip_organisation``), store it, audit it
    ("organisation.exported", with the rows per table) and tell the admin who asked, through the outbox,
    with a link that works for the organisation's admins for ``settings.DATA_DOWNLOAD_DAYS`` days.

    Returns "built"; "skipped" when the export is not waiting (the task ran twice, or another worker
    built it); "failed" when the zip could not be made (recorded on the export and logged: ask again).
    """
    export = OrganisationExport.objects.select_related("organisation", "asked_by").filter(pk=export_id).first()
    if export is None or export.status != OrganisationExport.Status.WAITING:
        return "skipped"
    try:
        spool, counts = zip_organisation(export.organisation)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the admin as "ask again"
        logger.exception("Organisation export %s failed", export_id)
        OrganisationExport.objects.filter(pk=export_id, status=OrganisationExport.Status.WAITING).update(
            status=OrganisationExport.Status.FAILED, error=str(error)[:300]
        )
        return "failed"
    with spool, transaction.atomic():
        locked = (
            # Only the export's row: PostgreSQL cannot lock the nullable side of the join to who asked.
            OrganisationExport.objects.select_for_update(of=("self",))
            .select_related("organisation", "asked_by")
            .get(pk=export_id)
        )
        if locked.status != OrganisationExport.Status.WAITING:
            return "skipped"
        day = timezone.localdate().isoformat()
        locked.archive.save(f"{locked.organisation.slug}-{day}.zip", File(spool), save=False)
        now = timezone.now()
        locked.status = OrganisationExport.Status.READY
        locked.ready_at = now
        locked.expires_at = now + dt.timedelta(days=settings.DATA_DOWNLOAD_DAYS)
        locked.size = locked.archive.size
        locked.counts = counts
        locked.save()
        organisation_export_record(actor=locked.asked_by, organisation=locked.organisation, counts=counts)
        _tell_export_ready(locked)
    return "built"


def _tell_export_ready(export: OrganisationExport) -> None:
    if export.asked_by is None:
        return
    organisation = export.organisation
    assert export.expires_at is not None
    expires = timezone.localtime(export.expires_at).strftime("%-d %B %Y")
    message_queue(
        recipient=export.asked_by,
        subject=_("Everything {name} holds is ready to download").format(name=organisation.name),
        body=_(
            "The zip file you asked for is ready. It has all that {name} keeps here. "
            "You can download it until {day}. Only your admins can open it. Sign in first."
        ).format(name=organisation.name, day=expires),
        kind="promises.export_ready",
        idempotency_key=f"promises:export:{export.pk}:ready",
        organisation_id=organisation.pk,
        link_url=absolute_url(reverse("promises:organisation_export_download", args=[organisation.slug, export.token])),
        link_text=_("Download the zip file"),
    )


def organisation_export_for(*, organisation, token: str) -> OrganisationExport | None:
    """The ready, unexpired export of ``organisation`` with ``token``, or None (a 404). The caller has
    checked the reader is the organisation's admin."""
    export = OrganisationExport.objects.filter(
        organisation=organisation, token=token, status=OrganisationExport.Status.READY
    ).first()
    if export is None or export.expires_at is None or export.expires_at <= timezone.now() or not export.archive:
        return None
    return export


def organisation_export_downloaded_record(*, actor, export: OrganisationExport) -> None:
    """Record that ``actor`` downloaded a built export ("organisation.export_downloaded")."""
    audit_record(
        actor=actor,
        action="organisation.export_downloaded",
        obj=export,
        organisation_id=export.organisation_id,
        summary=export.organisation.name,
    )


STUCK_AFTER = dt.timedelta(minutes=10)


def organisation_exports_tidy(*, now: dt.datetime | None = None) -> int:
    """The periodic job: build exports still waiting ``STUCK_AFTER`` after they were asked for (the task was
    lost or the worker was down), and remove the files of exports whose link has run out (status "expired").
    Returns how many it built or removed; idempotent, safe to run as often as you like."""
    now = now or timezone.now()
    done = 0
    stuck = OrganisationExport.objects.filter(
        status=OrganisationExport.Status.WAITING, created_at__lt=now - STUCK_AFTER
    ).values_list("pk", flat=True)[:5]
    done += sum(1 for pk in list(stuck) if organisation_export_build(export_id=pk) == "built")
    due = OrganisationExport.objects.filter(status=OrganisationExport.Status.READY, expires_at__lt=now)
    for export in due:
        with transaction.atomic():
            if export.archive:
                after_commit(export.archive.storage.delete, export.archive.name)
            OrganisationExport.objects.filter(pk=export.pk).update(status=OrganisationExport.Status.EXPIRED, archive="")
        done += 1
    return done


def organisation_export_record(*, actor, organisation, counts: dict[str, int]) -> None:
    """Record that the zip of everything the organisation holds was made for ``actor`` (rows per table)."""
    audit_record(
        actor=actor,
        action="organisation.exported",
        organisation_id=organisation.pk,
        summary=organisation.name,
        details={"rows": counts},
    )
