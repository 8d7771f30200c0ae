"""Round-table pages: a meeting's rounds, one round's turn list, starting a round and recording a turn.

Thin: check permission (round_tables_permissions), call a service (round_tables) or a selector
(round_tables_selectors), render. Every form is a plain POST form that works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.accounts.models import User
from roundtable.audit.once import once_per_key
from roundtable.decisions import round_tables, round_tables_selectors
from roundtable.decisions.models_rounds import RoundTable, TurnOutcome
from roundtable.decisions.round_tables_permissions import require_round_item
from roundtable.meetings.permissions import require_meeting

SAID = {
    TurnOutcome.SPOKE: gettext_lazy("%(name)s: spoke."),
    TurnOutcome.PASSED: gettext_lazy("%(name)s: passed. Passing is always fine."),
    TurnOutcome.NOT_THERE: gettext_lazy("%(name)s: not there."),
}


@login_required
@require_GET
def meeting_round_tables(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    """The meeting's "round the table" items and how each round went."""
    access, meeting = require_meeting(request.user, project_id, meeting_id)
    data = round_tables_selectors.meeting_round_tables(meeting=meeting, user=request.user, access=access)
    context = {"project": access.project, "access": access, "meeting": meeting, "data": data}
    return render(request, "decisions/round_tables/meeting.html", context)


@login_required
@require_GET
def round_table_page(request: HttpRequest, project_id: int, meeting_id: int, item_id: int) -> HttpResponse:
    """One round: the turn list with Spoke, Passed and Not there (organisers), or its summary (members)."""
    access, meeting, item = require_round_item(request.user, project_id, meeting_id, item_id)
    page = round_tables_selectors.round_page(meeting=meeting, item=item, access=access)
    context = {"project": access.project, "access": access, "meeting": meeting, "page": page}
    return render(request, "decisions/round_tables/round.html", context)


def _round_url(project_id: int, meeting_id: int, item_id: int, anchor: str = "") -> str:
    url = reverse("decisions:round_table", args=[project_id, meeting_id, item_id])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
@once_per_key
def round_table_start(
    request: AuthenticatedHttpRequest, project_id: int, meeting_id: int, item_id: int
) -> HttpResponse:
    access, meeting, item = require_round_item(request.user, project_id, meeting_id, item_id, need="organise")
    try:
        round_tables.round_table_start(actor=request.user, item=item)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The round has started. Record each turn as it happens."))
    return redirect(_round_url(access.project.pk, meeting.pk, item.pk, "turns"))


@login_required
@require_POST
@once_per_key
def round_table_turn(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int, item_id: int) -> HttpResponse:
    """Record one person's turn (``person``: a user id; ``outcome``: spoke, passed or not_there), then go
    back to the turn list at the next person still to be offered a turn."""
    access, meeting, item = require_round_item(request.user, project_id, meeting_id, item_id, need="organise")
    round_table = RoundTable.objects.filter(agenda_item=item).first()
    person_id = request.POST.get("person", "")
    person = User.objects.filter(pk=int(person_id)).first() if person_id.isdigit() else None
    if round_table is None:
        messages.error(request, _("Start the round first."))
        return redirect(_round_url(access.project.pk, meeting.pk, item.pk))
    if person is None:
        messages.error(request, round_tables.NOT_TAKING_PART)
        return redirect(_round_url(access.project.pk, meeting.pk, item.pk, "turns"))
    outcome = request.POST.get("outcome", "")
    try:
        round_table.meeting = meeting
        round_table.agenda_item = item
        round_tables.round_table_turn_record(
            actor=request.user, round_table=round_table, person=person, outcome=outcome
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_round_url(access.project.pk, meeting.pk, item.pk, "turns"))
    messages.success(request, SAID[TurnOutcome(outcome)] % {"name": person.full_name})
    page = round_tables_selectors.round_page(meeting=meeting, item=item, access=access)
    current = next((s for s in page.seats if s.is_current), None)
    anchor = f"seat-{current.user.pk}" if current else "summary"
    return redirect(_round_url(access.project.pk, meeting.pk, item.pk, anchor))
