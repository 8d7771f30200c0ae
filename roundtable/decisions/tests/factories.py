"""Factories for decisions, made through the decisions services (docs/testing.md).

``ProposalFactory(project=..., created_by=...)`` raises a consent proposal with ``proposal_create`` as an
organiser, closing a week from now. Given ``partner_votes`` and ``staff_votes`` (lists of people who may
vote), each casts a vote with ``vote_cast``: partners choose ``partners_choose`` and staff ``staff_choose``
(consent codes: "agree", "abstain", "disagree", "block"). With ``closed=True`` it is then closed with
``proposal_close`` (its outcome words given), and a ``without_partners_reason`` marks it as made without
partners. Nothing here reads the real clock: closing times are a week after the (frozen) "now".
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from roundtable.decisions import services
from roundtable.decisions.models import Proposal
from roundtable.projects.tests.factories import ProjectFactory


def _week_from_now() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=7)


def _choice(proposal: Proposal, code: str) -> list[list[int]]:
    option = next(o for o in proposal.options.all() if o.code == code)
    return [[option.pk, 1]]


class ProposalFactory(DjangoModelFactory):
    """A consent proposal raised by ``created_by`` (the project's creator unless given); see the module."""

    class Meta:
        model = Proposal

    project = factory.SubFactory(ProjectFactory)
    created_by = factory.LazyAttribute(lambda o: o.project.created_by)
    question = factory.Iterator(
        ["Should we meet in the evening?", "A ddylen ni gwrdd ar-lein?", "Should the report use 'we' or 'they'?"]
    )
    closes_at = factory.LazyFunction(_week_from_now)
    anonymous = False
    # Not fields: what ``_create`` does after ``proposal_create``.
    partner_votes: list = []
    staff_votes: list = []
    partners_choose = "agree"
    staff_choose = "agree"
    closed = False
    outcome = "We agreed to meet in the evening, because most of us can only come after 8pm."
    without_partners_reason = ""

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        project,
        created_by,
        partner_votes,
        staff_votes,
        partners_choose,
        staff_choose,
        closed,
        outcome,
        without_partners_reason,
        **data,
    ):
        proposal = services.proposal_create(
            actor=created_by, project=project, data={"kind": Proposal.Kind.CONSENT, **data}, options=[]
        )
        for people, code in ((partner_votes, partners_choose), (staff_votes, staff_choose)):
            for person in people:
                services.vote_cast(actor=person, proposal=proposal, choice=_choice(proposal, code), reason="Because.")
        if closed or without_partners_reason:
            proposal = services.proposal_close(
                actor=created_by, proposal=proposal, outcome=outcome, without_partners_reason=without_partners_reason
            )
        return proposal
