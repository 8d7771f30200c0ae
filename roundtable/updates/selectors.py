"""Reads for the updates pages, scoped by the caller's permission check (require_project)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from roundtable.notifications.selectors import DeliveryStatusRow, delivery_status_for
from roundtable.projects.models import Membership, Project
from roundtable.updates.models import (
    DEFAULT_CADENCE_DAYS,
    Nudge,
    Outcome,
    OutcomeRecipient,
    ProgressUpdate,
    UpdateCadence,
)

UPDATES_SHOWN = 50


@dataclass
class ProjectUpdates:
    project: Project
    updates: list[ProgressUpdate]
    outcomes: list[Outcome]
    cadence_days: int
    next_due: date | None
    overdue: bool
    open_nudges: list[Nudge] = field(default_factory=list)
    outcome_due: date | None = None
    final_outcome: Outcome | None = None

    @property
    def outcome_late(self) -> bool:
        return bool(self.outcome_due and not self.final_outcome and timezone.localdate() > self.outcome_due)


def project_updates(*, project: Project, organiser: bool) -> ProjectUpdates:
    """Updates and outcomes of one project, newest first, and whether an update is overdue (four queries)."""
    updates = list(ProgressUpdate.objects.filter(project=project).select_related("author")[:UPDATES_SHOWN])
    outcomes = list(Outcome.objects.filter(project=project).select_related("author", "milestone"))
    cadence = UpdateCadence.objects.filter(project=project).values_list("days", flat=True).first()
    days = cadence or DEFAULT_CADENCE_DAYS
    since = updates[0].published_at if updates else project.published_at
    next_due = timezone.localdate(since) + timedelta(days=days) if since else None
    nudges = list(Nudge.objects.filter(project=project, resolved_at__isnull=True)[:10]) if organiser else []
    return ProjectUpdates(
        project=project,
        updates=updates,
        outcomes=outcomes,
        cadence_days=days,
        next_due=next_due,
        overdue=bool(next_due and project.status == Project.Status.PUBLISHED and timezone.localdate() > next_due),
        open_nudges=nudges,
        outcome_due=project.outcome_due,
        final_outcome=next((o for o in outcomes if o.final), None),
    )


def update_for(*, project: Project, update_id: int) -> ProgressUpdate:
    return get_object_or_404(ProgressUpdate.objects.select_related("author"), pk=update_id, project=project)


def outcome_for(*, project: Project, outcome_id: int) -> Outcome:
    return get_object_or_404(Outcome.objects.select_related("author", "milestone"), pk=outcome_id, project=project)


@dataclass
class OutcomeReach:
    rows: list[tuple[OutcomeRecipient, DeliveryStatusRow | None]]
    total: int
    reached: int
    on_the_way: int
    left_members: int

    @property
    def everyone_reached(self) -> bool:
        return self.total > 0 and self.reached == self.total


def outcome_reach(*, outcome: Outcome) -> OutcomeReach:
    """Per past and present member: their membership then, and how the outcome reached them (four queries)."""
    status_rows = {
        row.message.recipient_id: row for row in delivery_status_for(idempotency_key_prefix=f"outcome:{outcome.pk}:")
    }
    recipients: QuerySet[OutcomeRecipient] = (
        OutcomeRecipient.objects.filter(outcome=outcome).select_related("user").order_by("user__full_name", "id")
    )
    rows = [(r, status_rows.get(r.user_id)) for r in recipients]
    reached = sum(1 for _r, s in rows if s is not None and s.reached)
    return OutcomeReach(
        rows=rows,
        total=len(rows),
        reached=reached,
        on_the_way=len(rows) - reached,
        left_members=sum(1 for r, _s in rows if r.member_status != Membership.Status.ACTIVE),
    )


def update_delivery(*, update: ProgressUpdate) -> list[DeliveryStatusRow]:
    return delivery_status_for(idempotency_key_prefix=f"update:{update.pk}:")


def outcome_sent_to(*, user, project_id: int, outcome_id: int) -> OutcomeRecipient:
    """The record that this outcome was sent to this person (a member who has left), or 404."""
    return get_object_or_404(
        OutcomeRecipient.objects.select_related("outcome", "outcome__project"),
        outcome_id=outcome_id,
        outcome__project_id=project_id,
        user_id=getattr(user, "pk", None),
    )


def project_panel(*, project, access, user) -> dict:
    """The project page's panel for this app (``projects.panels``): links only, so no data and no queries."""
    return {}
