"""Every read the round-table pages need, and the figures the health check reads (docs/round-tables.md).

Query counts are pinned in ``tests/test_round_tables_queries.py`` at two data sizes.

Who is in a round (``seats_for``): everyone taking part in the project (active members), everyone in
the meeting's register (staff who came, or anyone recorded), and anyone who already has a turn (a
member who left since keeps their turn). The order is fair and the same every time:

1. lived-experience partners, in the order they joined the project;
2. professional members, in the order they joined;
3. staff, by name.

Partners go first so that their views are heard before professionals and staff frame the question
(recommendation 14: "doing with, not to"). The person whose turn it is now is the first in this order
who has no turn yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from roundtable.accounts.models import User
from roundtable.decisions.models_rounds import RoundTable, Turn, TurnOutcome, TurnRole
from roundtable.meetings.models import AgendaItem, Attendance, AttendanceStatus, Meeting
from roundtable.projects.models import MemberRole, Membership, Project
from roundtable.projects.permissions import ProjectAccess, project_access

GROUP_ORDER: dict[str, int] = {TurnRole.PARTNER: 0, TurnRole.PROFESSIONAL: 1, TurnRole.STAFF: 2}


@dataclass
class Seat:
    """One person's place in a round: who, as what, their turn if recorded, and what the register says."""

    user: User
    role: str  # a TurnRole value
    turn: Turn | None = None
    register: str = ""  # an AttendanceStatus value, or "" when the register is not made
    is_current: bool = False

    @property
    def role_label(self) -> str:
        return str(TurnRole(self.role).label)

    @property
    def register_label(self) -> str:
        return str(AttendanceStatus(self.register).label) if self.register else ""


@dataclass
class RoundSummary:
    """How far a round has gone. ``waiting`` is how many people have not been offered a turn yet."""

    spoke: int = 0
    passed: int = 0
    not_there: int = 0
    waiting: int = 0
    started: bool = False

    @property
    def offered(self) -> int:
        return self.spoke + self.passed + self.not_there

    @property
    def everyone_offered(self) -> bool:
        return self.started and self.waiting == 0 and self.offered > 0


@dataclass
class MeetingPeople:
    """The people of a meeting, read once (two queries) and shared by every round of the meeting."""

    members: list[Membership]
    register: list[Attendance]


def meeting_people(*, meeting: Meeting) -> MeetingPeople:
    """Active members of the meeting's project and the meeting's register, with their people. 2 queries."""
    members = list(
        Membership.objects.filter(project_id=meeting.project_id, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("joined_at", "id")
    )
    register = list(Attendance.objects.filter(meeting=meeting).select_related("user").order_by("id"))
    return MeetingPeople(members=members, register=register)


def seats_for(*, people: MeetingPeople, turns: list[Turn]) -> list[Seat]:
    """Everyone in a round, in the fair order (see the module's text), each with their turn. No queries:
    ``turns`` must have their ``user`` loaded. The first seat without a turn is marked current."""
    by_user: dict[int, Seat] = {}
    joined: dict[int, int] = {}
    for n, membership in enumerate(people.members):
        role = TurnRole.PARTNER if membership.role == MemberRole.PARTNER else TurnRole.PROFESSIONAL
        by_user[membership.user_id] = Seat(user=membership.user, role=role)
        joined[membership.user_id] = n
    for row in people.register:
        seat = by_user.get(row.user_id)
        if seat is None:
            seat = by_user[row.user_id] = Seat(user=row.user, role=row.role)
        seat.register = row.status
    for turn in turns:
        seat = by_user.get(turn.user_id)
        if seat is None:
            seat = by_user[turn.user_id] = Seat(user=turn.user, role=turn.role)
        seat.turn = turn
    last = len(joined)
    seats = sorted(
        by_user.values(),
        key=lambda s: (GROUP_ORDER.get(s.role, 3), joined.get(s.user.pk, last), s.user.full_name.casefold(), s.user.pk),
    )
    current = next((s for s in seats if s.turn is None), None)
    if current is not None:
        current.is_current = True
    return seats


def summarise(*, seats: list[Seat], started: bool) -> RoundSummary:
    """Count the turns of a round (pure)."""
    summary = RoundSummary(started=started)
    for seat in seats:
        if seat.turn is None:
            summary.waiting += 1
        elif seat.turn.outcome == TurnOutcome.SPOKE:
            summary.spoke += 1
        elif seat.turn.outcome == TurnOutcome.PASSED:
            summary.passed += 1
        else:
            summary.not_there += 1
    return summary


# --- One round -------------------------------------------------------------------------------------


@dataclass
class RoundPage:
    meeting: Meeting
    item: AgendaItem
    round_table: RoundTable | None
    seats: list[Seat]
    summary: RoundSummary
    can_record: bool


def round_page(*, meeting: Meeting, item: AgendaItem, access: ProjectAccess) -> RoundPage:
    """One round for the viewer. Organisers get every seat with its turn; other members get the summary
    only (no names: who passed is nobody's business). 4 queries (round, members, register, turns)."""
    round_table = RoundTable.objects.filter(agenda_item=item).first()
    people = meeting_people(meeting=meeting)
    turns = list(Turn.objects.filter(round_table=round_table).select_related("user")) if round_table else []
    seats = seats_for(people=people, turns=turns)
    summary = summarise(seats=seats, started=round_table is not None)
    return RoundPage(
        meeting=meeting,
        item=item,
        round_table=round_table,
        seats=seats if access.is_organiser else [],
        summary=summary,
        can_record=access.is_organiser and not meeting.is_cancelled,
    )


# --- The meeting's rounds (the meeting page's panel) -----------------------------------------------


@dataclass
class RoundItem:
    item: AgendaItem
    round_table: RoundTable | None
    summary: RoundSummary


@dataclass
class MeetingRoundTables:
    """What the meeting page's round-table panel shows: each "round the table" item and how its round went."""

    meeting: Meeting
    rounds: list[RoundItem] = field(default_factory=list)
    can_record: bool = False

    @property
    def any_started(self) -> bool:
        return any(r.round_table is not None for r in self.rounds)


def meeting_round_tables(*, meeting: Meeting, user: User, access: ProjectAccess | None = None) -> MeetingRoundTables:
    """Each "round the table" item of the meeting, with its round's summary, for a member or organiser.

    Returns an empty ``rounds`` list when the meeting has no such item (then nothing is read about
    people). 4 queries whatever the number of rounds or people (items with their rounds, members,
    register, turns), plus the viewer's access when ``access`` is not given (see projects.permissions).
    """
    access = access or project_access(user, meeting.project)
    items = list(
        AgendaItem.objects.filter(meeting=meeting, round_the_table=True)
        .exclude(kind=AgendaItem.Kind.BREAK)
        .select_related("round_table")
        .order_by("order", "id")
    )
    result = MeetingRoundTables(meeting=meeting, can_record=access.is_organiser and not meeting.is_cancelled)
    if not items:
        return result
    people = meeting_people(meeting=meeting)
    turns_by_round: dict[int, list[Turn]] = {}
    for turn in Turn.objects.filter(round_table__meeting=meeting).select_related("user"):
        turns_by_round.setdefault(turn.round_table_id, []).append(turn)
    for item in items:
        round_table = getattr(item, "round_table", None)
        turns = turns_by_round.get(round_table.pk, []) if round_table else []
        seats = seats_for(people=people, turns=turns)
        result.rounds.append(RoundItem(item, round_table, summarise(seats=seats, started=round_table is not None)))
    return result


# --- Evidence for the health check -----------------------------------------------------------------


def round_table_evidence(project: Project, *, as_of: dt.datetime | None = None) -> dict:
    """The project's round tables as evidence: how many partners spoke, passed, were not there, or were
    there and not offered a turn. 2 queries whatever the number of rounds or turns.

    Counted in partner-places: one partner in one round is one place (Amira in three rounds is three).
    Staff and professional members are not counted. Returns::

        {
            "rounds": int,             # rounds started in the project
            "partners_spoke": int,     # turns taken by partners
            "partners_passed": int,    # partners who used their right to pass
            "partners_not_there": int,
            "partners_missed": int,    # partners the register says came, with no turn in a round that day
            "partners_present": int,   # spoke + passed + missed
            "spoke_share": float | None,    # spoke / present, 0..1; None when no partner was present
            "offered_share": float | None,  # (spoke + passed) / present: a pass counts as a turn offered
        }

    Passing is never counted against anyone: no figure is kept per person, and ``offered_share`` (the
    one to judge a project by) counts a pass exactly as a turn taken. ``spoke_share`` describes the
    room, not a person: read it beside ``offered_share``. Source: issue 14, "Round tables".

    With ``as_of`` (aware) only rounds started and turns recorded by then count, and a partner counts as
    missed only where the register said so by then. Still 2 queries.
    """
    partner = Q(turns__role=TurnRole.PARTNER)
    rounds = RoundTable.objects.filter(project=project)
    if as_of is not None:
        rounds = rounds.filter(started_at__lte=as_of)
        partner &= Q(turns__recorded_at__lte=as_of)
    rows = rounds.aggregate(
        rounds=Count("id", distinct=True),
        spoke=Count("turns", filter=partner & Q(turns__outcome=TurnOutcome.SPOKE)),
        passed=Count("turns", filter=partner & Q(turns__outcome=TurnOutcome.PASSED)),
        not_there=Count("turns", filter=partner & Q(turns__outcome=TurnOutcome.NOT_THERE)),
    )
    # Partners who came (the register) to a meeting with a round, and have no turn in that round.
    turns = Turn.objects.filter(round_table=OuterRef("pk"), user=OuterRef("meeting__attendance__user"))
    register = Q(meeting__attendance__role=Attendance.Role.PARTNER)
    register &= Q(meeting__attendance__status=AttendanceStatus.ATTENDED)
    if as_of is not None:
        turns = turns.filter(recorded_at__lte=as_of)
        register &= Q(meeting__attendance__recorded_at__lte=as_of)
    registered = rounds.filter(register)
    missed = registered.annotate(had_turn=Exists(turns)).filter(had_turn=False).count()
    spoke, passed = rows["spoke"], rows["passed"]
    present = spoke + passed + missed
    return {
        "rounds": rows["rounds"],
        "partners_spoke": spoke,
        "partners_passed": passed,
        "partners_not_there": rows["not_there"],
        "partners_missed": missed,
        "partners_present": present,
        "spoke_share": round(spoke / present, 4) if present else None,
        "offered_share": round((spoke + passed) / present, 4) if present else None,
    }


def meeting_round_tables_panel(*, meeting: Meeting, project, access: ProjectAccess, user: User) -> MeetingRoundTables:
    """The meeting page's round-table panel (``meetings.panels``): ``meeting_round_tables`` for this viewer.
    1 query when the meeting has no "round the table" item, 4 when it has."""
    return meeting_round_tables(meeting=meeting, user=user, access=access)
