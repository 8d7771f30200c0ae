"""Writes for the promises pages: the admin's notice words, and the audit rows for reading the log or
taking the organisation's data away."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from roundtable.audit.services import audit_record
from roundtable.promises.models import WORDS_LIMIT, NoticeWords
from roundtable.promises.notice import MORE, SECTION_KEYS
from roundtable.promises.permissions import require_admin_of


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


def organisation_export_record(*, actor, organisation, counts: dict[str, int]) -> None:
    """Record that ``actor`` took a copy of everything the organisation holds (rows per table in ``counts``)."""
    audit_record(
        actor=actor,
        action="organisation.exported",
        organisation_id=organisation.pk,
        summary=organisation.name,
        details={"rows": counts},
    )
