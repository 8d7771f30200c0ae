"""Proposals and votes: one person, one vote, by web, phone and post; closing; bad input."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.audit.models import AuditEvent
from roundtable.decisions import services
from roundtable.decisions.models import Ballot, HasVoted, Proposal, Vote
from roundtable.decisions.tests.conftest import later, make_proposal, option
from roundtable.notifications.models import Message


def test_raising_a_proposal_numbers_it_and_tells_everyone_who_may_vote(people):
    first = make_proposal(people)
    second = make_proposal(people, question="Which day?", kind="one")
    assert (first.number, second.number) == (1, 2)
    assert [o.code for o in first.options.all()] == ["agree", "abstain", "disagree", "block"]
    assert [o.text for o in second.options.all()] == ["Tuesday evenings", "Saturday mornings", "Online only"]
    told = set(Message.objects.filter(kind="decision_opened", idempotency_key__startswith=f"proposal:{first.pk}:")
               .values_list("recipient__email", flat=True))  # fmt: skip
    # Partners, the professional and the organisation's organisers; not finance, not outsiders.
    assert told == {"amira@example.com", "joe@example.com", "dr.lee@example.com", "tom@example.com",
                    "priya@example.com"}  # fmt: skip
    message = Message.objects.get(
        recipient=people.partner, idempotency_key=f"proposal:{first.pk}:opened:{people.partner.pk}"
    )
    assert "Should we meet in the evening?" in message.body and "Block" in message.body
    assert message.useful_until == first.closes_at
    assert AuditEvent.objects.filter(action="decisions.proposal_raised").count() == 2


def test_partners_only_proposals_ask_only_partners(people):
    proposal = make_proposal(people, voters=Proposal.Voters.PARTNERS)
    told = set(Message.objects.filter(kind="decision_opened").values_list("recipient__email", flat=True))
    assert told == {"amira@example.com", "joe@example.com"}
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=people.organiser, proposal=proposal, choice=[[option(proposal, "agree").pk, 1]])


@pytest.mark.parametrize(
    ("kind", "options", "closes_at", "field"),
    [
        ("one", [], later(), "options"),
        ("one", ["Only one"], later(), "options"),
        ("several", ["Same", "same", " "], later(), "options"),
        ("consent", [], later(days=-1), "closes_at"),
    ],
)
def test_bad_proposals_are_refused_at_the_field(people, kind, options, closes_at, field):
    with pytest.raises(ValidationError) as error:
        make_proposal(people, kind=kind, options=options, closes_at=closes_at)
    assert field in error.value.message_dict
    assert not Proposal.objects.exists() and not Message.objects.filter(kind="decision_opened").exists()


def test_changing_a_vote_replaces_it(people):
    proposal = make_proposal(people)
    agree, block = option(proposal, "agree"), option(proposal, "block")
    assert services.vote_cast(actor=people.partner, proposal=proposal, choice=[[agree.pk, 1]]) == "new"
    assert services.vote_cast(actor=people.partner, proposal=proposal, choice=[[agree.pk, 1]]) == "changed"
    services.vote_cast(actor=people.partner, proposal=proposal, choice=[[block.pk, 1]], reason="Too late for us.")
    vote = Vote.objects.get()
    assert vote.choice == [[block.pk, 1]] and vote.side == "partner" and vote.channel == "web"
    assert vote.reason == "Too late for us." and vote.taken_by is None


def test_a_block_needs_a_reason_and_a_vote_after_closing_is_refused(people, clock):
    proposal = make_proposal(people)
    block = option(proposal, "block")
    with pytest.raises(ValidationError) as error:
        services.vote_cast(actor=people.partner, proposal=proposal, choice=[[block.pk, 1]], reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.vote_cast(actor=people.partner, proposal=proposal, choice=[])
    assert "choice" in error.value.message_dict
    clock.move_to(proposal.closes_at)
    with pytest.raises(ValidationError, match="Voting on this proposal has closed"):
        services.vote_cast(actor=people.partner, proposal=proposal, choice=[[option(proposal, "agree").pk, 1]])
    assert not Vote.objects.exists()


def test_outsiders_and_finance_cannot_vote(people):
    proposal = make_proposal(people)
    for person in (people.outsider, people.finance):
        with pytest.raises(PermissionDenied):
            services.vote_cast(actor=person, proposal=proposal, choice=[[option(proposal, "agree").pk, 1]])


def test_rank_and_score_votes_are_checked_and_counted(people):
    ranked = make_proposal(people, kind="rank")
    a, b, c = ranked.options.all()
    with pytest.raises(ValidationError):
        services.vote_cast(actor=people.partner, proposal=ranked, choice=[[a.pk, 1], [b.pk, 1], [c.pk, 2]])
    services.vote_cast(actor=people.partner, proposal=ranked, choice=[[b.pk, 1], [a.pk, 2], [c.pk, 3]])
    services.vote_cast(actor=people.joe, proposal=ranked, choice=[[b.pk, 1], [c.pk, 2], [a.pk, 3]])
    result = services.tally(ranked)
    assert result.total.points == {a.pk: 2 + 1, b.pk: 3 + 3, c.pk: 1 + 2} and result.total.leader() == b.pk
    scored = make_proposal(people, kind="score")
    x, y, z = scored.options.all()
    with pytest.raises(ValidationError):
        services.vote_cast(actor=people.partner, proposal=scored, choice=[[x.pk, 6], [y.pk, 0], [z.pk, 0]])
    services.vote_cast(actor=people.partner, proposal=scored, choice=[[x.pk, 5], [y.pk, 0], [z.pk, 2]])
    assert services.tally(scored).total.points == {x.pk: 5, y.pk: 0, z.pk: 2}


def test_an_anonymous_vote_keeps_no_link_and_cannot_be_changed(people):
    proposal = make_proposal(people, anonymous=True)
    agree = option(proposal, "agree")
    services.vote_cast(actor=people.partner, proposal=proposal, choice=[[agree.pk, 1]])
    with pytest.raises(ValidationError, match="cannot change a secret vote"):
        services.vote_cast(actor=people.partner, proposal=proposal, choice=[[agree.pk, 1]])
    assert not Vote.objects.exists()
    assert Ballot.objects.count() == 1 and HasVoted.objects.get().person == people.partner
    event = AuditEvent.objects.get(action="decisions.voted")
    assert "choice" not in event.details


def test_a_proxy_vote_is_marked_as_taken_by_the_organiser_and_refused_for_web_users(people, grace):
    proposal = make_proposal(people)
    agree = option(proposal, "agree")
    with pytest.raises(ValidationError) as error:
        services.vote_record_by_proxy(actor=people.organiser, proposal=proposal, person=people.partner,
                                      choice=[[agree.pk, 1]])  # fmt: skip
    assert "uses the website" in error.value.message_dict["person"][0]
    with pytest.raises(PermissionDenied):
        services.vote_record_by_proxy(actor=people.partner, proposal=proposal, person=grace, choice=[[agree.pk, 1]])
    services.vote_record_by_proxy(actor=people.organiser, proposal=proposal, person=grace, choice=[[agree.pk, 1]],
                                  channel="phone")  # fmt: skip
    vote = Vote.objects.get(person=grace)
    assert vote.taken_by == people.organiser and vote.channel == "phone" and vote.side == "partner"
    event = AuditEvent.objects.get(action="decisions.voted", subject=grace)
    assert event.by_proxy and event.actor == people.organiser


def test_closing_keeps_the_result_flags_staff_against_partners_and_tells_everyone(people, clock):
    proposal = make_proposal(people, kind="one")
    evenings, saturdays, _online = proposal.options.all()
    for person in (people.partner, people.joe):
        services.vote_cast(actor=person, proposal=proposal, choice=[[evenings.pk, 1]])
    for person in (people.organiser, people.admin, people.professional):
        services.vote_cast(actor=person, proposal=proposal, choice=[[saturdays.pk, 1]])
    with pytest.raises(ValidationError) as error:
        services.proposal_close(actor=people.organiser, proposal=proposal, outcome=" ", review_on=dt.date(2026, 3, 1))
    assert set(error.value.message_dict) == {"outcome", "review_on"}
    closed = services.proposal_close(
        actor=people.organiser, proposal=proposal, outcome="We meet on Saturdays.", review_on=dt.date(2026, 6, 1)
    )
    assert closed.state == "closed" and closed.result == "Saturday mornings"
    assert closed.partners_result == "Tuesday evenings" and closed.partners_voted == 2 and closed.against_partners
    told = Message.objects.filter(kind="decision_outcome")
    assert told.count() == 5 and all("We meet on Saturdays." in m.body for m in told)
    again = services.proposal_close(actor=people.organiser, proposal=proposal, outcome="Something else")
    assert again.outcome == "We meet on Saturdays." and Message.objects.filter(kind="decision_outcome").count() == 5
    with pytest.raises(ValidationError, match="has closed"):
        services.vote_cast(actor=people.partner, proposal=proposal, choice=[[saturdays.pk, 1]])


def test_a_decision_made_without_partners_needs_a_reason(people):
    proposal = make_proposal(people)
    with pytest.raises(ValidationError) as error:
        services.proposal_record_without_partners(actor=people.organiser, proposal=proposal, reason="")
    assert "reason" in error.value.message_dict
    done = services.proposal_record_without_partners(
        actor=people.organiser, proposal=proposal, reason="The funder needed an answer the same day."
    )
    assert done.made_without_partners
    assert AuditEvent.objects.filter(action="decisions.made_without_partners").exists()


def test_reminders_go_once_before_closing_to_people_who_have_not_voted_and_the_review_date_reminds(people, clock):
    proposal = make_proposal(people, closes_at=later(days=5))
    services.vote_cast(actor=people.partner, proposal=proposal, choice=[[option(proposal, "agree").pk, 1]])
    assert services.decisions_send_due() == 0
    with time_machine.travel(proposal.closes_at - dt.timedelta(hours=47), tick=False):
        sent = services.decisions_send_due()
        assert services.decisions_send_due() == 0
    reminders = Message.objects.filter(kind="decision_reminder")
    assert sent == reminders.count() == 4 and not reminders.filter(recipient=people.partner).exists()
    assert all(m.urgent and m.useful_until == proposal.closes_at for m in reminders)
    with time_machine.travel(proposal.closes_at + dt.timedelta(hours=1), tick=False):
        services.proposal_close(
            actor=people.organiser, proposal=proposal, outcome="We agreed.", review_on=dt.date(2026, 4, 1)
        )
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        assert services.decisions_send_due() == 1
        assert services.decisions_send_due() == 0
    review = Message.objects.get(kind="decision_review")
    assert review.recipient == people.organiser and "We agreed." in review.body
