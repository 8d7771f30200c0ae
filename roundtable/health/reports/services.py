"""Writes of the reports: an organiser saves their own words for a GRIPP2 section, or resets it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from roundtable.audit.services import audit_record
from roundtable.health.models_reports import ReportDraft
from roundtable.health.reports.gripp2 import REPORT, SECTION_KEYS
from roundtable.health.reports.permissions import REPORT_ROLES
from roundtable.health.reports.text import clean_text
from roundtable.projects.models import Project
from roundtable.projects.permissions import staff_roles

TEXT_MAX = 20_000


def _check(actor, project: Project, section: str) -> None:
    if not staff_roles(actor, project.organisation_id) & REPORT_ROLES:
        raise PermissionDenied
    if section not in SECTION_KEYS:
        raise ValidationError({"section": "There is no such section."})


def section_save(*, actor, project: Project, section: str, text: str) -> ReportDraft:
    """Keep ``actor``'s words for one GRIPP2 section of ``project``, replacing any saved before.

    Raises PermissionDenied unless the actor may write reports (``permissions.REPORT_ROLES``) and
    ValidationError for an unknown section, empty text or text over ``TEXT_MAX`` characters. Control
    characters are taken out first; a vertical tab or form feed becomes a new line (``text.clean_text``).
    """
    _check(actor, project, section)
    text = clean_text(text).strip()
    if not text:
        raise ValidationError({"text": "Write something in this section, or put back the draft from the record."})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": f"This section is too long. Keep it under {TEXT_MAX:,} characters."})
    with transaction.atomic():
        draft, _created = ReportDraft.objects.update_or_create(
            project=project,
            report=REPORT,
            section=section,
            defaults={"text": text, "edited_by": actor, "edited_at": timezone.now()},
        )
        audit_record(actor=actor, action="report.section_saved", obj=draft, summary=f"GRIPP2 {section}")
    return draft


def section_reset(*, actor, project: Project, section: str) -> bool:
    """Drop ``actor``'s saved words for one section, so it shows the draft from the record again.

    Returns whether there were saved words. Raises as ``section_save`` does for the actor and section.
    """
    _check(actor, project, section)
    with transaction.atomic():
        deleted, _rows = ReportDraft.objects.filter(project=project, report=REPORT, section=section).delete()
        if deleted:
            audit_record(actor=actor, action="report.section_reset", obj=project, summary=f"GRIPP2 {section}")
    return bool(deleted)
