# ruff: noqa: F811 - the fixtures are imported from round_tables_fixtures, and tests take them by name
"""Round tables: starting a round, the fair order, the turn rules (one per person, corrections,
idempotent, audited) and the evidence figures for the health check."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from roundtable.audit.models import AuditEvent
from roundtable.decisions import round_tables
from roundtable.decisions.models_rounds import RoundTable, Turn
from roundtable.decisions.round_tables_selectors import (
    meeting_round_tables,
    round_page,
    round_table_evidence,
)
from roundtable.decisions.tests.round_tables_fixtures import at, clock, held, media, meeting_data, people  # noqa: F401
from roundtable.meetings import services as meeting_services
from roundtable.meetings.models import Attendance
from roundtable.projects.permissions import project_access
from roundtable.projects.tests.conftest import make_person


def start(world):
    return round_tables.round_table_start(actor=world.organiser, item=world.item)


def record(world, round_table, person, outcome, actor=None):
    return round_tables.round_table_turn_record(
        actor=actor or world.organiser, round_table=round_table, person=person, outcome=outcome
    )


def register(world, rows):
    meeting_services.attendance_record(
        actor=world.organiser,
        meeting=world.meeting,
        started_at=at(2, 10),
        ended_at=at(2, 10, 25),
        rows=[
            meeting_services.AttendanceRow(user=u, role=role, status=status, mode=mode)
            for u, role, status, mode in rows
        ],
    )


# --- Starting --------------------------------------------------------------------------------------


def test_starting_twice_gives_the_same_round_and_one_audit_row(held):
    first, second = start(held), start(held)
    assert first.pk == second.pk
    assert RoundTable.objects.count() == 1
    assert AuditEvent.objects.filter(action="round_table.started").count() == 1


def test_a_round_starts_only_on_a_round_the_table_item(held):
    with pytest.raises(ValidationError, match="not a round of the table"):
        round_tables.round_table_start(actor=held.organiser, item=held.welcome)


def test_a_round_cannot_start_before_the_meeting(held, clock):
    clock.move_to(at(2, 9, 59))
    with pytest.raises(ValidationError, match="once the meeting has started, at 10am on Monday 2 March 2026"):
        start(held)


def test_a_round_cannot_start_in_a_cancelled_meeting(held):
    meeting_services.meeting_cancel(actor=held.organiser, meeting=held.meeting, reason="Snow")
    held.item.meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="cancelled"):
        start(held)


@pytest.mark.parametrize("who", ["partner", "professional", "finance", "outsider"])
def test_only_organisers_start_a_round_or_record_turns(held, who):
    with pytest.raises(PermissionDenied):
        round_tables.round_table_start(actor=getattr(held, who), item=held.item)
    round_table = start(held)
    with pytest.raises(PermissionDenied):
        record(held, round_table, held.partner, "spoke", actor=getattr(held, who))
    assert not Turn.objects.exists()


def test_an_admin_may_record(held):
    round_table = round_tables.round_table_start(actor=held.admin, item=held.item)
    assert record(held, round_table, held.joe, "passed", actor=held.admin).outcome == "passed"


# --- The order --------------------------------------------------------------------------------------


def test_partners_first_in_the_order_they_joined_then_professionals_then_staff(held):
    register(
        held,
        [
            (held.organiser, Attendance.Role.STAFF, "attended", "online"),
            (held.professional, Attendance.Role.PROFESSIONAL, "attended", "online"),
        ],
    )
    page = round_page(meeting=held.meeting, item=held.item, access=project_access(held.organiser, held.project))
    names = [s.user.full_name for s in page.seats]
    assert names == ["Amira Hassan", "Joe Bennett", "Dr Ann Lee", "Tom Reid"]
    assert [s.role for s in page.seats] == ["partner", "partner", "professional", "staff"]


def test_the_current_person_is_the_first_without_a_turn(held):
    round_table = start(held)
    access = project_access(held.organiser, held.project)
    assert [s.user for s in round_page(meeting=held.meeting, item=held.item, access=access).seats if s.is_current] == [
        held.partner
    ]
    record(held, round_table, held.partner, "spoke")
    record(held, round_table, held.professional, "passed")
    current = [s.user for s in round_page(meeting=held.meeting, item=held.item, access=access).seats if s.is_current]
    assert current == [held.joe]
    record(held, round_table, held.joe, "not_there")
    seats = round_page(meeting=held.meeting, item=held.item, access=access).seats
    assert not any(s.is_current for s in seats)


# --- Turns ------------------------------------------------------------------------------------------


def test_one_turn_per_person_a_correction_replaces_it_and_each_change_is_audited(held):
    round_table = start(held)
    first = record(held, round_table, held.partner, "not_there")
    again = record(held, round_table, held.partner, "not_there")  # a double click
    assert again.pk == first.pk
    assert AuditEvent.objects.filter(action="round_table.turn").count() == 1
    corrected = record(held, round_table, held.partner, "spoke")
    assert corrected.pk == first.pk
    assert list(Turn.objects.values_list("user_id", "outcome", "role")) == [(held.partner.pk, "spoke", "partner")]
    events = list(AuditEvent.objects.filter(action="round_table.turn").order_by("id"))
    assert [e.details["outcome"] for e in events] == ["not_there", "spoke"]
    assert events[1].details["replaced"] == "not_there"
    assert events[1].subject_id == held.partner.pk and events[1].actor_id == held.organiser.pk


def test_the_database_refuses_a_second_turn_for_the_same_person(held):
    round_table = start(held)
    turn = record(held, round_table, held.partner, "spoke")
    with pytest.raises(IntegrityError), transaction.atomic():
        Turn.objects.create(
            project=held.project,
            round_table=round_table,
            user=held.partner,
            role="partner",
            outcome="passed",
            recorded_at=turn.recorded_at,
        )


def test_someone_not_in_the_meeting_cannot_have_a_turn(held):
    round_table = start(held)
    stranger = make_person("stranger@example.com", "Stranger")
    with pytest.raises(ValidationError, match="not taking part"):
        record(held, round_table, stranger, "spoke")
    with pytest.raises(ValidationError, match="Choose Spoke, Passed or Not there"):
        record(held, round_table, held.partner, "shouted")
    assert not Turn.objects.exists()


def test_a_member_who_left_keeps_their_turn_in_the_list(held):
    from roundtable.projects import services as project_services

    round_table = start(held)
    record(held, round_table, held.joe, "spoke")
    from roundtable.projects.models import Membership

    membership = Membership.objects.get(project=held.project, user=held.joe)
    project_services.membership_leave(actor=held.joe, membership=membership)
    page = round_page(meeting=held.meeting, item=held.item, access=project_access(held.organiser, held.project))
    joe = next(s for s in page.seats if s.user == held.joe)
    assert joe.turn.outcome == "spoke" and joe.role == "partner"


# --- The meeting page's panel -------------------------------------------------------------------------


def test_the_panel_says_everyone_was_offered_a_turn(held):
    panel = meeting_round_tables(meeting=held.meeting, user=held.partner)
    assert [r.item for r in panel.rounds] == [held.item]
    assert not panel.rounds[0].summary.started and not panel.can_record
    round_table = start(held)
    record(held, round_table, held.partner, "spoke")
    record(held, round_table, held.joe, "passed")
    summary = meeting_round_tables(meeting=held.meeting, user=held.organiser).rounds[0].summary
    assert (summary.spoke, summary.passed, summary.not_there, summary.waiting) == (1, 1, 0, 1)
    assert not summary.everyone_offered
    record(held, round_table, held.professional, "not_there")
    panel = meeting_round_tables(meeting=held.meeting, user=held.organiser)
    assert panel.can_record and panel.rounds[0].summary.everyone_offered


# --- Evidence ----------------------------------------------------------------------------------------


def test_evidence_counts_partner_places_and_passing_counts_as_offered(held):
    amy = make_person("amy@example.com", "Amy Cole")
    from roundtable.projects import services as project_services
    from roundtable.projects.models import MemberRole

    invitation = project_services.invitation_create(
        actor=held.organiser, project=held.project, email=amy.email, role=MemberRole.PARTNER
    )
    project_services.invitation_accept(invitation=invitation, user=amy)
    assert round_table_evidence(held.project)["partners_present"] == 0
    assert round_table_evidence(held.project)["spoke_share"] is None
    round_table = start(held)
    record(held, round_table, held.partner, "spoke")
    record(held, round_table, held.joe, "passed")
    record(held, round_table, held.professional, "spoke")  # not a partner: not counted
    # The register says Amy came, but the round never reached her: she was missed.
    register(
        held,
        [
            (held.partner, Attendance.Role.PARTNER, "attended", "online"),
            (held.joe, Attendance.Role.PARTNER, "attended", "phone"),
            (amy, Attendance.Role.PARTNER, "attended", "online"),
            (held.professional, Attendance.Role.PROFESSIONAL, "attended", "online"),
        ],
    )
    assert round_table_evidence(held.project) == {
        "rounds": 1,
        "partners_spoke": 1,
        "partners_passed": 1,
        "partners_not_there": 0,
        "partners_missed": 1,
        "partners_present": 3,
        "spoke_share": 0.3333,
        "offered_share": 0.6667,
    }
    record(held, round_table, amy, "passed")
    evidence = round_table_evidence(held.project)
    assert (evidence["partners_missed"], evidence["partners_present"], evidence["offered_share"]) == (0, 3, 1.0)


def test_not_there_is_not_present_and_other_projects_do_not_count(held):
    round_table = start(held)
    record(held, round_table, held.partner, "not_there")
    record(held, round_table, held.joe, "spoke")
    evidence = round_table_evidence(held.project)
    assert (evidence["partners_not_there"], evidence["partners_present"], evidence["spoke_share"]) == (1, 1, 1.0)
    from roundtable.projects import services as project_services

    other = project_services.project_create(
        actor=held.organiser, organisation=held.organisation, title="Other", visibility="invite_only"
    )
    assert round_table_evidence(other)["rounds"] == 0
