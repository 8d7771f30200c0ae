"""Every write for round tables: starting a round and recording each person's turn (docs/round-tables.md).

Both are idempotent and race-safe: starting twice gives the same round (one round per agenda item, a
unique row); recording locks the round's row, so two sends at once are taken one after the other, and
the same outcome again changes nothing and writes no second audit row. A different outcome replaces
the first (a correction): one turn per person per round, a unique constraint in the database.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.decisions.models_rounds import RoundTable, Turn, TurnOutcome
from roundtable.decisions.round_tables_selectors import meeting_people, seats_for
from roundtable.meetings import words
from roundtable.meetings.models import AgendaItem
from roundtable.projects.permissions import project_access

NOT_A_ROUND = gettext_lazy("This agenda item is not a round of the table.")
CANCELLED = gettext_lazy("The meeting was cancelled, so there is no round to record.")
NOT_TAKING_PART = gettext_lazy("This person is not taking part in this meeting.")
UNKNOWN_OUTCOME = gettext_lazy("Choose Spoke, Passed or Not there.")


def _require_organiser(actor: User, project) -> None:
    if not project_access(actor, project).is_organiser:
        raise PermissionDenied


def round_table_start(*, actor: User, item: AgendaItem, now: dt.datetime | None = None) -> RoundTable:
    """Start the round on a "round the table" agenda item, or return the round already started.

    Only the project's organisers (admin or organiser role) may (PermissionDenied otherwise). Raises
    ValidationError when the item is not a round of the table, the meeting is cancelled, or the
    meeting has not started yet (turns are recorded as they happen). Audited as ``round_table.started``.
    """
    meeting = item.meeting
    _require_organiser(actor, meeting.project)
    existing = RoundTable.objects.filter(agenda_item=item).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    if not item.round_the_table or item.kind == AgendaItem.Kind.BREAK:
        raise ValidationError(NOT_A_ROUND)
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED)
    if meeting.starts_at > now:
        raise ValidationError(
            _("You can start the round once the meeting has started, at %(time)s on %(day)s.")
            % {"time": words.clock(meeting.starts_at), "day": words.day(meeting.starts_at)}
        )
    try:
        with transaction.atomic():
            round_table = RoundTable.objects.create(
                project_id=meeting.project_id, meeting=meeting, agenda_item=item, started_at=now, started_by=actor
            )
            audit_record(
                actor=actor,
                action="round_table.started",
                obj=round_table,
                summary=f"Round started: {item.title}",
                details={"meeting": meeting.pk, "agenda_item": item.pk},
            )
    except IntegrityError:
        # Started by another send at the same moment: theirs is the round.
        return RoundTable.objects.get(agenda_item=item)
    return round_table


@transaction.atomic
def round_table_turn_record(
    *, actor: User, round_table: RoundTable, person: User, outcome: str, now: dt.datetime | None = None
) -> Turn:
    """Record (or correct) one person's turn in a round: ``outcome`` is spoke, passed or not_there.

    The person must be in the round (an active member, someone in the meeting's register, or someone
    with a turn already): ValidationError otherwise, and for an unknown outcome or a cancelled
    meeting. Only the project's organisers may (PermissionDenied). The round's row is locked, so two
    sends at once count once. The same outcome again returns the turn unchanged; a different one
    replaces it. Each change is audited as ``round_table.turn`` (with the outcome it replaced).
    """
    meeting = round_table.meeting
    _require_organiser(actor, meeting.project)
    if outcome not in TurnOutcome.values:
        raise ValidationError(UNKNOWN_OUTCOME)
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED)
    RoundTable.objects.select_for_update().filter(pk=round_table.pk).first()
    turns = list(Turn.objects.filter(round_table=round_table).select_related("user"))
    seats = seats_for(people=meeting_people(meeting=meeting), turns=turns)
    seat = next((s for s in seats if s.user.pk == person.pk), None)
    if seat is None:
        raise ValidationError(NOT_TAKING_PART)
    now = now or timezone.now()
    turn = seat.turn
    previous = turn.outcome if turn is not None else ""
    if turn is not None and turn.outcome == outcome:
        return turn
    if turn is None:
        turn = Turn.objects.create(
            project_id=round_table.project_id,
            round_table=round_table,
            user=person,
            role=seat.role,
            outcome=outcome,
            recorded_by=actor,
            recorded_at=now,
        )
    else:
        turn.outcome, turn.recorded_by, turn.recorded_at = outcome, actor, now
        turn.save(update_fields=["outcome", "recorded_by", "recorded_at"])
    audit_record(
        actor=actor,
        action="round_table.turn",
        subject=person,
        obj=turn,
        summary=f"{round_table.agenda_item.title}: {outcome}"[:300],
        details={"round_table": round_table.pk, "meeting": meeting.pk, "outcome": outcome, "replaced": previous},
    )
    return turn
