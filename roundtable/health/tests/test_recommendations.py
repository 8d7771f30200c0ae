"""The evidence for the twenty recommendations (issue 15; docs/health.md, "The twenty recommendations").

A world is built through the services (and the factories of accounts, projects, meetings and payments)
on a frozen clock that moves forward through March 2026, then measured as at moments in it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.accounts.services import profile_update
from roundtable.credits import services as credits
from roundtable.credits.models import ContributionType
from roundtable.decisions import round_tables
from roundtable.decisions import services as decisions
from roundtable.feedback import boards
from roundtable.feedback import services as feedback
from roundtable.feedback.models import Anonymity
from roundtable.glossary import services as glossary
from roundtable.health.recommendations._words import NOT_RECORDED
from roundtable.health.registry import Evidence, Recommendation, recommendations
from roundtable.health.selectors import recommendation_evidence
from roundtable.meetings import services as meetings
from roundtable.meetings.models import AgendaItem, Attendance
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory
from roundtable.payments import services as payments
from roundtable.payments.tests.factories import ClaimFactory
from roundtable.projects import services as projects
from roundtable.projects.models import Membership, Project
from roundtable.projects.tests.factories import CAST, JOE, ProjectFactory, build_people
from roundtable.updates import services as updates

LONDON = ZoneInfo("Europe/London")
# Monday 2 March 2026, 10am in London: the project is published and its people join.
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def people(db, clock):
    return build_people({**CAST, "joe": JOE}, rate=True)


def evidence_of(project, number: int, as_of: dt.datetime) -> Evidence:
    """Recommendation ``number``'s evidence for ``project`` (read afresh) as at ``as_of``."""
    project = Project.objects.get(pk=project.pk)
    found = dict((r.number, e) for r, e in recommendation_evidence(project, as_of=as_of))
    return found[number]


def figure(evidence: Evidence, label: str) -> str:
    return next(f.value for f in evidence.figures if f.label == label)


# --- Building a world through the services -----------------------------------------------------


def build_world(people, clock, *, rounds: int = 1) -> SimpleNamespace:
    """Everything the twenty recommendations read, ``rounds`` times over, from 2 to 31 March 2026.

    Each round: a two-hour meeting held with breaks, a round table, an agenda item saying what to prepare,
    a check-in answered (once by proxy), papers sent on time, a ninety-minute meeting ahead with no break
    and no open discussion, boards with notes and a theme, the anonymous form, two barriers (one answered
    in time, one left waiting), "you said, we did", a decision partners voted in, two progress updates (the
    second late), contributions (one confirmed and credited in a published output) and two claims (one paid
    in 8 days, one in 23).
    """
    w = SimpleNamespace(people=people, project=people.project)
    p, project, org = people, people.project, people.organisation
    profile_update(user=p.partner, actor=p.partner, data={"channels": ["text"]}, answered="contact")
    projects.membership_share_set(
        actor=p.partner, membership=Membership.objects.get(project=project, user=p.partner), sections=["contact"]
    )
    payments.choice_set(
        actor=p.partner, user=p.partner, project=None, data={"choice": "bank", "payee_reference": "P-1"}
    )
    projects.milestone_add(actor=p.organiser, project=project, title="First findings", due=dt.date(2026, 6, 1))
    steps = [projects.step_add(actor=p.organiser, project=project, title=f"Step {n}") for n in range(2)]
    projects.step_set_current(actor=p.organiser, project=project, step=steps[0])
    glossary.glossary_entry_save(actor=p.organiser, project=project, term="Co-production", meaning="Working as equals.")
    question = glossary.term_question_ask(actor=p.partner, project=project, term="Cohort")
    glossary.term_question_answer(actor=p.organiser, question=question, meaning="A group of people in a study.")
    updates.cadence_set(actor=p.organiser, project=project, days=14)
    updates.update_publish(actor=p.organiser, project=project, title="We have started", body="We met.")
    link = feedback.feedback_link_get(actor=p.organiser, project=project)
    w.claims = []
    for n in range(rounds):
        clock.move_to(START + dt.timedelta(minutes=n + 1))
        held = MeetingFactory(
            project=project, created_by=p.organiser, already_held=True, title=f"Workshop {n}",
            starts_at=at(25, 18, month=2), ends_at=at(25, 20, month=2),
        )  # fmt: skip
        AgendaItemFactory(
            meeting=held, title="Our nights", minutes=40, prepare="Think of a bad night", prepare_minutes=15
        )
        turn_item = AgendaItemFactory(meeting=held, title="Round the table", minutes=20, round_the_table=True)
        meetings.attendance_record(
            actor=p.organiser, meeting=held, started_at=at(25, 18, month=2), ended_at=at(25, 20, 10, month=2),
            rows=[
                meetings.AttendanceRow(user=p.partner, role=Attendance.Role.PARTNER, status="attended", mode="online"),
                meetings.AttendanceRow(user=p.joe, role=Attendance.Role.PARTNER, status="attended", mode="phone"),
            ],
        )  # fmt: skip
        rt = round_tables.round_table_start(actor=p.organiser, item=turn_item, now=at(25, 19, month=2))
        round_tables.round_table_turn_record(actor=p.organiser, round_table=rt, person=p.partner, outcome="spoke")
        round_tables.round_table_turn_record(actor=p.organiser, round_table=rt, person=p.joe, outcome="passed")
        check_in = feedback.check_in_open(actor=p.organiser, meeting=held)
        feedback.check_in_answer(actor=p.partner, check_in=check_in, person=p.partner, data={"heard": 4})
        feedback.check_in_answer(actor=p.organiser, check_in=check_in, person=p.joe, data={"heard": 3}, by_proxy=True)
        ahead = MeetingFactory(
            project=project, created_by=p.organiser, title=f"Next steps {n}", starts_at=at(24, 20),
            ends_at=at(24, 21, 30), break_minutes=0, open_discussion_minutes=0,
        )  # fmt: skip
        PaperFactory(meeting=ahead)
        meetings.papers_release(actor=p.organiser, meeting=ahead)
        board = boards.board_create(
            actor=p.organiser, project=project, title=f"Ideas {n}", anonymity=Anonymity.ANONYMOUS
        )
        column = board.columns.first()
        grouped = boards.note_add(actor=p.partner, board=board, column=column, text="Bedtime is hard")
        boards.note_add(actor=p.joe, board=board, column=column, text="Screens")
        theme = boards.theme_create(actor=p.organiser, board=board, title=f"Evenings {n}")
        boards.note_theme_set(actor=p.organiser, note=grouped, theme=theme)
        feedback.feedback_submit(link=link, text="Meetings run late")
        answered = feedback.barrier_raise(actor=p.partner, project=project, category="meeting_times", description="8pm")
        feedback.barrier_raise(actor=p.organiser, project=project, category="costs", description="Bus", person=p.joe)
        feedback.barrier_answer(actor=p.organiser, barrier=answered, status="responded", response="We moved it.")
        feedback.response_create(
            actor=p.organiser, project=project, title="Later meetings", outcome="changed",
            what_we_did="Meetings start at 8pm.", inputs=[f"barrier:{answered.pk}"],
        )  # fmt: skip
        proposal = decisions.proposal_create(
            actor=p.organiser, project=project, options=[],
            data={"question": f"Meet in the evening? {n}", "kind": "consent", "closes_at": at(9, 20)},
        )  # fmt: skip
        decisions.vote_cast(actor=p.partner, proposal=proposal, choice=[[proposal.options.get(code="agree").pk, 1]])
        decisions.proposal_close(actor=p.organiser, proposal=proposal, outcome="We meet at 8pm.")
        kind = ContributionType.objects.order_by("order").first()
        confirmed = credits.contribution_add(
            actor=p.organiser, project=project, person=p.partner, type=kind, degree="lead",
            date=dt.date(2026, 2, 25), description="Led the talk",
        )  # fmt: skip
        credits.contribution_add(
            actor=p.joe, project=project, person=p.joe, type=kind, degree="supporting",
            date=dt.date(2026, 2, 25), description="Helped",
        )  # fmt: skip
        output = credits.output_create(
            actor=p.organiser, project=project, kind="report", title=f"Report {n}", contributions=[confirmed]
        )
        credits.output_tell(actor=p.organiser, output=output)
        credits.output_publish(actor=p.organiser, output=output, link="https://example.org/report")
        w.claims += [
            ClaimFactory(project=project, claimant=p.partner, submission_key=f"k{n}a", work_date=dt.date(2026, 2, 25)),
            ClaimFactory(project=project, claimant=p.partner, submission_key=f"k{n}b", work_date=dt.date(2026, 2, 26)),
        ]
    # Tuesday 10 March: the first claims are approved and paid (8 days after they were sent).
    clock.move_to(at(10))
    for claim in w.claims[0::2]:
        payments.claim_approve(actor=p.organiser, claim=claim)
    run = payments.run_create(actor=p.finance, organisation=org)
    payments.run_mark_paid(actor=p.finance, run=run, paid_on=dt.date(2026, 3, 10), reference="BACS 1")
    # Wednesday 25 March: the rest are paid, 23 days after they were sent.
    clock.move_to(at(25))
    for claim in w.claims[1::2]:
        payments.claim_approve(actor=p.organiser, claim=claim)
    run = payments.run_create(actor=p.finance, organisation=org)
    payments.run_mark_paid(actor=p.finance, run=run, paid_on=dt.date(2026, 3, 25), reference="BACS 2")
    # Tuesday 31 March: the second progress update, 28 days after the first (the promise is 14).
    clock.move_to(at(31))
    updates.update_publish(actor=p.organiser, project=project, title="Where we are", body="We wrote it up.")
    return w


# --- Every recommendation ----------------------------------------------------------------------


def test_all_twenty_are_registered_in_the_seeds_order():
    assert [r.number for r in recommendations()] == list(range(1, 21))
    assert all(r.title.strip() for r in recommendations())


def test_every_recommendation_says_nothing_yet_for_a_project_with_no_record(db, clock):
    project = ProjectFactory(draft=True)
    results = recommendation_evidence(project, as_of=at(31))
    assert [r.number for r, _ in results] == list(range(1, 21))
    for recommendation, evidence in results:
        assert "nothing yet" in evidence.summary.lower(), (recommendation.number, evidence.summary)
        assert evidence.figures, recommendation.number


def test_every_recommendation_reads_a_full_record_without_names(people, clock):
    build_world(people, clock)
    names = [p.full_name for p in (people.admin, people.organiser, people.finance, people.partner, people.joe)]
    names += [p.full_name.split()[0] for p in (people.partner, people.joe, people.organiser)]
    results: list[tuple[Recommendation, Evidence]] = recommendation_evidence(people.project, as_of=at(31, 12))
    for recommendation, evidence in results:
        words = " ".join([evidence.summary, *(f"{f.label} {f.value}" for f in evidence.figures)])
        if recommendation.number not in (2, 4):  # not recorded yet: they say so, and show what is
            assert "nothing yet" not in evidence.summary.lower(), (recommendation.number, evidence.summary)
        assert not [n for n in names if n in words], (recommendation.number, words)
        for f in evidence.figures:
            assert f.label and f.value, recommendation.number
            # Every figure links to its records, except what is not recorded yet and the organisation's rule.
            assert f.url or f.value == NOT_RECORDED or f.label.startswith("Writers must"), (recommendation.number, f)
            assert f.url == "" or f.url.startswith(f"/projects/{people.project.pk}/") or f.url.startswith("/payments/")


def test_the_two_not_recorded_yet_say_so_and_show_what_is(people, clock):
    build_world(people, clock)
    safe = evidence_of(people.project, 2, at(31, 12))
    trauma = evidence_of(people.project, 4, at(31, 12))
    assert "does not record ground rules yet" in safe.summary
    assert figure(safe, "Anonymous boards") == "1 board"
    assert "does not keep people's stories yet" in trauma.summary
    assert figure(trauma, "Times partners chose to pass at a round table") == "1"


# --- Key figures -------------------------------------------------------------------------------


def test_pay_counts_days_from_claim_to_payment_against_the_target(people, clock):
    build_world(people, clock)
    project = people.project
    later = evidence_of(project, 1, at(31, 12))
    assert figure(later, "Claims paid") == "2 claims"
    assert figure(later, "Paid within the 14-day target") == "1 of 2 (50%)"
    assert figure(later, "Half the claims were paid within") == "15.5 days"
    assert later.summary.startswith("1 of 2 paid claims (50%) was paid within 14 days")
    # As at 20 March the second claim had waited 18 days: past the target, and not paid.
    middle = evidence_of(project, 1, at(20))
    assert figure(middle, "Claims paid") == "1 claim"
    assert figure(middle, "Waiting longer than the target") == "1 claim"
    # Before anything was paid.
    assert "Nothing yet" in evidence_of(project, 1, at(9)).summary


def test_pay_target_follows_the_organisations_setting(people, clock):
    build_world(people, clock)
    payments.settings_update(
        actor=people.admin,
        organisation=people.organisation,
        data={"target_days": 30, "receipt_over": Decimal("20"), "mileage_rate": Decimal("0.45")},
    )
    evidence = evidence_of(people.project, 1, at(31, 12))
    assert figure(evidence, "Paid within the 30-day target") == "2 of 2 (100%)"


def test_meetings_over_an_hour_with_breaks_and_open_discussion(people, clock):
    build_world(people, clock)
    breaks = evidence_of(people.project, 11, at(31, 12))
    assert figure(breaks, "Meetings over an hour") == "2 meetings"
    assert figure(breaks, "Of those, with breaks planned") == "1 of 2 (50%)"
    open_time = evidence_of(people.project, 19, at(31, 12))
    assert figure(open_time, "With time kept for open discussion") == "1 of 2 (50%)"
    # A break the organiser puts on the agenda counts as a break.
    AgendaItemFactory(meeting=people.project.meetings.get(title="Next steps 0"), title="Tea", minutes=10,
                      kind=AgendaItem.Kind.BREAK)  # fmt: skip
    assert figure(evidence_of(people.project, 11, at(31, 12)), "Of those, with breaks planned") == "2 of 2 (100%)"
    # Before anything was booked.
    assert "Nothing yet" in evidence_of(people.project, 11, at(1)).summary


def test_preferences_asked_before_the_first_message(people, clock):
    build_world(people, clock)
    evidence = evidence_of(people.project, 10, at(31, 12))
    # Amira answered before the first meeting notice; Joe was never asked.
    assert figure(evidence, "Asked before the project's first message") == "1 of 2 (50%)"
    assert evidence.summary.startswith("1 of 2 partners (50%) was asked")


def test_preferences_answered_after_the_first_message_do_not_count_as_in_advance(people, clock):
    MeetingFactory(project=people.project, created_by=people.organiser)  # tells every member
    clock.move_to(at(3))
    profile_update(user=people.joe, actor=people.joe, data={"channels": ["phone"]}, answered="contact")
    evidence = evidence_of(people.project, 10, at(4))
    assert figure(evidence, "Partners asked how to reach them") == "1 of 2 (50%)"
    assert figure(evidence, "Asked before the project's first message") == "0 of 2 (0%)"


def test_progress_updates_against_the_cadence(people, clock):
    build_world(people, clock)
    evidence = evidence_of(people.project, 15, at(31, 12))
    assert figure(evidence, "Promised") == "an update every 14 days"
    assert figure(evidence, "Sent on time") == "1 of 2 (50%)"
    early = evidence_of(people.project, 15, at(20))
    assert figure(early, "Updates sent") == "1 update"
    assert figure(early, "Days since the last update") == "18 days"


def test_listening_ways_themes_and_you_said_we_did(people, clock):
    build_world(people, clock)
    ways = evidence_of(people.project, 12, at(31, 12))
    assert ways.summary.startswith("People fed back in 5 of 5 ways")
    themes = evidence_of(people.project, 13, at(31, 12))
    assert figure(themes, "Notes grouped into a theme") == "1 of 2 (50%)"
    heard = evidence_of(people.project, 17, at(31, 12))
    assert figure(heard, "Answered by the date promised") == "1 of 2 (50%)"
    assert figure(heard, "Waiting past the date promised") == "1 barrier"
    assert figure(heard, "Of those, where something changed") == "1 of 1 (100%)"
    # As at 20 March one meeting had been held; by 31 March the second had too, with no check-in.
    assert figure(evidence_of(people.project, 16, at(20)), "With a check-in opened after") == "1 of 1 (100%)"
    assert figure(evidence_of(people.project, 16, at(31, 12)), "With a check-in opened after") == "1 of 2 (50%)"


def test_decisions_round_tables_and_credit(people, clock):
    build_world(people, clock)
    voice = evidence_of(people.project, 14, at(31, 12))
    assert figure(voice, "Decisions partners voted in") == "1 of 1 (100%)"
    assert figure(voice, "Turns partners took to speak") == "1"
    credit = evidence_of(people.project, 20, at(31, 12))
    assert figure(credit, "Confirmed") == "1 of 2 (50%)"
    assert figure(credit, "Confirmed contributions credited in a published output") == "1 of 1 (100%)"


def test_information_plain_words_papers_and_timeline(people, clock):
    build_world(people, clock)
    words = evidence_of(people.project, 3, at(31, 12))
    assert figure(words, "Questions answered") == "1 of 1 (100%)"
    assert "does not record yet how often writing" in words.summary
    papers = evidence_of(people.project, 7, at(31, 12))
    assert figure(papers, "Sent by the deadline") == "1 of 1 (100%)"
    timeline = evidence_of(people.project, 6, at(31, 12))
    assert figure(timeline, "Dates still to come") == "1 date"
    process = evidence_of(people.project, 9, at(31, 12))
    assert figure(process, "Where the project is now") == "step 2 of 3"
    assert figure(process, "Partners who finished joining, step by step") == "1 of 2 (50%)"


def test_nothing_made_after_the_moment_counts(people, clock):
    build_world(people, clock)
    before = {r.number: e for r, e in recommendation_evidence(people.project, as_of=START - dt.timedelta(hours=1))}
    for number in (1, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20):
        assert "nothing yet" in before[number].summary.lower(), (number, before[number].summary)
