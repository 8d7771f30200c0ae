"""Sign 1, "Doing to, not with": the share of decisions partners voted in, as at a moment (docs/health.md)."""
# ruff: noqa: F811 - the standing fixtures (people, clock) are imported from the meetings tests

from __future__ import annotations

import datetime as dt

import pytest

from roundtable.decisions import round_tables, services
from roundtable.decisions.tests.factories import ProposalFactory
from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext, signs
from roundtable.health.signs.doing_to import SIGN, observed_rung
from roundtable.meetings import services as meeting_services
from roundtable.meetings.tests.conftest import NOW, at, clock, media, meeting_data, people  # noqa: F401
from roundtable.projects.models import LadderStep


def measure(people, as_of=None):
    return SIGN.measure(HealthContext(project=people.project, as_of=as_of or NOW))


def with_partners(people, n: int = 1, **kw):
    for _ in range(n):
        ProposalFactory(
            project=people.project,
            created_by=people.organiser,
            partner_votes=[people.partner, people.joe],
            staff_votes=[people.organiser],
            closed=True,
            **kw,
        )


def against_partners(people):
    """Both partners disagree; the organiser, the admin and the professional member agree and carry it."""
    ProposalFactory(
        project=people.project,
        created_by=people.organiser,
        partner_votes=[people.partner, people.joe],
        partners_choose="disagree",
        staff_votes=[people.organiser, people.admin, people.professional],
        closed=True,
    )


def staff_only(people, reason: str = ""):
    ProposalFactory(
        project=people.project,
        created_by=people.organiser,
        staff_votes=[people.organiser],
        closed=True,
        without_partners_reason=reason,
    )


def figure(finding, label: str) -> str:
    return next(f.value for f in finding.figures if f.label == label)


def test_the_sign_is_registered_as_sign_1():
    assert SIGN in signs()
    assert (SIGN.number, SIGN.key) == (1, "doing_to")


def test_good_when_partners_vote_in_every_decision(people):
    with_partners(people, 3)
    finding = measure(people)
    assert finding.rating == Rating.GOOD
    assert (finding.value, finding.evidence) == (100, 3)
    assert finding.summary == "Partners voted in 3 of 3 decisions made."
    assert figure(finding, "The ladder step the role offer promised") == "Co-production"
    assert figure(finding, "The ladder step the record shows") == "Co-production"
    assert finding.action is not None
    assert finding.action.url == f"/projects/{people.project.pk}/decisions/new/"


def test_at_risk_when_staff_decide_alone_or_outvote_partners(people):
    with_partners(people, 1)
    against_partners(people)
    staff_only(people, reason="It was urgent and nobody could be reached.")
    staff_only(people)
    staff_only(people)
    finding = measure(people)
    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 40, 5)
    assert figure(finding, "Decisions partners voted in") == "2"
    assert figure(finding, "Decisions staff carried against partners' view") == "1"
    assert figure(finding, "Decisions made without partners") == "1"
    assert figure(finding, "The ladder step the record shows") == "Engagement"
    assert "Staff outvoted partners in 1 decision." in finding.summary
    assert "1 decision was made without partners." in finding.summary
    for words in [finding.summary, *(f.label + f.value for f in finding.figures)]:
        for person in (people.partner, people.joe, people.organiser, people.admin):
            assert person.full_name not in words and person.full_name.split()[0] not in words


def test_half_is_co_design_on_the_ladder_but_one_outvote_stops_co_production(people):
    with_partners(people, 4)
    against_partners(people)
    finding = measure(people)
    # Partners voted in all five, but staff carried one against them: at best "needs attention".
    assert (finding.rating, finding.value) == (Rating.ATTENTION, 100)
    assert figure(finding, "The ladder step the record shows") == "Co-design"


def test_needs_attention_between_the_two_lines(people):
    with_partners(people, 2)
    staff_only(people)
    finding = measure(people)
    assert (finding.rating, finding.value) == (Rating.ATTENTION, 67)


def test_not_enough_evidence_with_fewer_than_three_decisions(people):
    with_partners(people, 2)
    ProposalFactory(project=people.project, created_by=people.organiser, partner_votes=[people.partner])  # open
    finding = measure(people)
    assert finding.rating == Rating.NOT_ENOUGH
    assert (finding.value, finding.evidence) == (100, 2)
    assert finding.summary.startswith("2 decisions have been made so far.")


def test_only_what_had_happened_at_the_moment_counts(people, clock):
    with_partners(people, 3)
    # Raised before the moment but closed after it: still open then, so not counted.
    late = ProposalFactory(project=people.project, created_by=people.organiser, staff_votes=[people.organiser])
    moment = NOW + dt.timedelta(hours=1)
    clock.move_to(NOW + dt.timedelta(days=1))
    services.proposal_close(actor=people.organiser, proposal=late, outcome="We went ahead.")
    staff_only(people)  # raised after the moment
    then = measure(people, as_of=moment)
    assert (then.rating, then.value, then.evidence) == (Rating.GOOD, 100, 3)
    now = measure(people, as_of=NOW + dt.timedelta(days=2))
    assert (now.value, now.evidence) == (60, 5)


def test_votes_cast_after_the_moment_do_not_count(people, clock):
    proposal = ProposalFactory(project=people.project, created_by=people.organiser, staff_votes=[people.organiser])
    clock.move_to(NOW + dt.timedelta(hours=2))
    option = proposal.options.get(code="agree")
    services.vote_cast(actor=people.partner, proposal=proposal, choice=[[option.pk, 1]])
    services.proposal_close(actor=people.organiser, proposal=proposal, outcome="Agreed.")
    assert measure(people, as_of=NOW + dt.timedelta(hours=3)).value == 100
    assert measure(people, as_of=NOW + dt.timedelta(hours=1)).evidence == 0


def test_round_table_turns_are_shown_and_count_for_the_ladder(people, clock):
    meeting = meeting_services.meeting_create(
        actor=people.organiser,
        project=people.project,
        notify=False,
        already_held=True,
        data=meeting_data(starts_at=at(2, 10), ends_at=at(2, 12)),
    )
    item = meeting_services.agenda_item_add(
        actor=people.organiser,
        meeting=meeting,
        data={"title": "What helps?", "minutes": 30, "kind": "discussion", "round_the_table": True},
    )
    clock.move_to(at(2, 10, 30))
    round_table = round_tables.round_table_start(actor=people.organiser, item=item)
    round_tables.round_table_turn_record(
        actor=people.organiser, round_table=round_table, person=people.partner, outcome="spoke"
    )
    round_tables.round_table_turn_record(
        actor=people.organiser, round_table=round_table, person=people.joe, outcome="passed"
    )
    finding = measure(people, as_of=at(2, 11))
    assert figure(finding, "Partners offered a turn at round tables") == "2 of 2 places"
    assert figure(finding, "Partners who spoke when offered a turn") == "1"
    assert figure(finding, "The ladder step the record shows") == "Consultation"
    before = measure(people, as_of=at(2, 10, 15))
    assert figure(before, "The ladder step the record shows") == "Not shown yet"


def test_the_ladder_rule():
    assert observed_rung(voted_share=None, against=0, partner_turns=0) is None
    assert observed_rung(voted_share=None, against=0, partner_turns=2) == LadderStep.CONSULTATION
    assert observed_rung(voted_share=0, against=0, partner_turns=0) == LadderStep.INFORMING
    assert observed_rung(voted_share=10, against=0, partner_turns=0) == LadderStep.ENGAGEMENT
    assert observed_rung(voted_share=50, against=0, partner_turns=0) == LadderStep.CO_DESIGN
    assert observed_rung(voted_share=90, against=1, partner_turns=0) == LadderStep.CO_DESIGN
    assert observed_rung(voted_share=80, against=0, partner_turns=0) == LadderStep.CO_PRODUCTION


def test_figures_link_to_the_records(people):
    with_partners(people, 3)
    for item in measure(people).figures:
        assert item.url.startswith(f"/projects/{people.project.pk}/")


@pytest.mark.parametrize("size", [1, 6])
def test_the_measure_costs_three_queries_whatever_the_data(people, size, django_assert_num_queries):
    with_partners(people, size)
    staff_only(people)
    with django_assert_num_queries(3):
        finding = measure(people)
    assert finding.evidence == size + 1


def test_partners_who_vote_and_are_outvoted_are_not_good():
    from roundtable.health.signs.doing_to import outvoted_rating

    # All four decisions had partners' votes (100%), but staff carried three against them.
    assert outvoted_rating(Rating.GOOD, against=3, closed=4) == Rating.AT_RISK
    assert outvoted_rating(Rating.GOOD, against=1, closed=4) == Rating.ATTENTION
    assert outvoted_rating(Rating.GOOD, against=0, closed=4) == Rating.GOOD
    assert outvoted_rating(Rating.AT_RISK, against=1, closed=10) == Rating.AT_RISK
    assert outvoted_rating(Rating.NOT_ENOUGH, against=2, closed=2) == Rating.NOT_ENOUGH
