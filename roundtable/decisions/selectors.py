"""Every read the decision pages need, scoped to the viewer, with query counts that do not grow with the data.

* ``proposal_page``: one proposal with its options, results (total, partners' view, staff's view), the
  viewer's vote, who voted (and how: web, phone, post), who has not.
* ``decision_log``: every proposal of a project with its result, partners' view, outcome and review date.
* ``decision_evidence``: the figures the health check needs (one query).
* ``project_panel_data``: the short "Decisions" panel on the project page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from roundtable.decisions import counting
from roundtable.decisions.electorate import Voter, electorate, side_of
from roundtable.decisions.forms import option_words
from roundtable.decisions.models import Ballot, HasVoted, Option, Proposal, Side, Vote
from roundtable.decisions.services import voting_closed
from roundtable.projects.models import Project
from roundtable.projects.permissions import ProjectAccess

# In an anonymous vote, a side with fewer voters than this would show how they voted: its view is not shown.
ANONYMOUS_SMALLEST_GROUP = 3


@dataclass
class ResultRow:
    option: Option
    words: str
    total: int
    partners: int
    staff: int
    leads: bool = False
    partners_lead: bool = False


@dataclass
class ProposalPage:
    proposal: Proposal
    options: list[Option]
    voting_closed: bool
    can_vote: bool
    my_vote: Vote | None
    i_have_voted: bool
    show_results: bool
    rows: list[ResultRow] = field(default_factory=list)
    total_voters: int = 0
    partner_voters: int = 0
    staff_voters: int = 0
    show_split: bool = True
    against_partners: bool = False
    votes: list[Vote] = field(default_factory=list)
    voted: list[HasVoted] = field(default_factory=list)
    not_voted: list[Voter] = field(default_factory=list)
    proxy_people: list[Voter] = field(default_factory=list)
    eligible: int = 0


def proposal_page(*, proposal: Proposal, access: ProjectAccess, user) -> ProposalPage:
    """Everything the proposal page shows. About ten queries, whatever the number of voters (pinned)."""
    options = list(Option.objects.filter(proposal=proposal))
    closed = voting_closed(proposal)
    side = side_of(access.project, user, proposal.voters) if not closed else None
    people = electorate(access.project, proposal.voters)
    if proposal.anonymous:
        voted = list(HasVoted.objects.filter(proposal=proposal).select_related("person", "taken_by"))
        votes: list[Vote] = []
        voted_ids = {row.person_id for row in voted}
        rows_for_count = list(Ballot.objects.filter(proposal=proposal).values_list("side", "choice"))
    else:
        votes = list(Vote.objects.filter(proposal=proposal).select_related("person", "taken_by"))
        voted = []
        voted_ids = {v.person_id for v in votes}
        rows_for_count = [(v.side, v.choice) for v in votes]
    my_vote = next((v for v in votes if v.person_id == user.pk), None)
    page = ProposalPage(
        proposal=proposal,
        options=options,
        voting_closed=closed,
        can_vote=side is not None and not (proposal.anonymous and user.pk in voted_ids),
        my_vote=my_vote,
        i_have_voted=user.pk in voted_ids,
        show_results=closed or proposal.results_while_open,
        votes=votes,
        voted=voted,
        eligible=len(people),
    )
    if access.is_organiser:
        page.not_voted = [v for v in people if v.user.pk not in voted_ids]
        if not closed:
            page.proxy_people = [v for v in people if not v.user.uses_web]
    result = counting.count(proposal.kind, [o.pk for o in options], rows_for_count)
    page.total_voters, page.partner_voters, page.staff_voters = (
        result.total.voters, result.partners.voters, result.staff.voters,
    )  # fmt: skip
    if proposal.anonymous:
        page.show_split = all(
            n == 0 or n >= ANONYMOUS_SMALLEST_GROUP for n in (result.partners.voters, result.staff.voters)
        )
    leader, partners_leader = result.total.leader(), result.partners.leader()
    page.against_partners = result.against_partners if proposal.is_open else proposal.against_partners
    page.rows = [
        ResultRow(
            option=o,
            words=option_words(o),
            total=result.total.points.get(o.pk, 0),
            partners=result.partners.points.get(o.pk, 0),
            staff=result.staff.points.get(o.pk, 0),
            leads=o.pk == leader,
            partners_lead=o.pk == partners_leader,
        )
        for o in options
    ]
    # What each named vote chose, in words, worked out once here rather than by a loop in the template.
    words = {row.option.pk: row.words for row in page.rows}
    numbered = proposal.kind in (Proposal.Kind.RANK, Proposal.Kind.SCORE)
    for vote in votes:
        vote.choice_words = ", ".join(  # type: ignore[attr-defined]
            f"{words[pair[0]]} ({pair[1]})" if numbered else words[pair[0]] for pair in vote.choice if pair[0] in words
        )
    return page


@dataclass
class LogRow:
    proposal: Proposal
    voters: int
    partners_voted: int


LOG_PAGE_SIZE = 50


def _count(rows) -> Coalesce:
    """How many of ``rows`` there are, as a subquery for ``annotate`` (0 when none)."""
    counted = rows.order_by().values("proposal").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def decision_log(*, project: Project, offset: int = 0, limit: int | None = None) -> list[LogRow]:
    """The project's proposals, newest first (``limit`` of them from ``offset``; all when ``limit`` is None),
    with how many voted and how many partners voted. One query, whatever the number of proposals (pinned)."""
    # Counted by correlated subqueries, not joins: the database counts only the rows of the page it returns
    # (newest first, by the (project, number) index), instead of joining every proposal's votes to its
    # ballots and grouping all of them. A person has one Vote or HasVoted row per proposal (unique).
    proposals = (
        Proposal.objects.filter(project=project)
        .annotate(
            named=_count(Vote.objects.filter(proposal=OuterRef("pk"))),
            named_partners=_count(Vote.objects.filter(proposal=OuterRef("pk"), side=Side.PARTNER)),
            anonymous_voters=_count(HasVoted.objects.filter(proposal=OuterRef("pk"))),
            anonymous_partners=_count(HasVoted.objects.filter(proposal=OuterRef("pk"), side=Side.PARTNER)),
        )
        .order_by("-number")
    )
    if limit is not None:
        proposals = proposals[offset : offset + limit]
    return [
        LogRow(
            proposal=p,
            voters=p.anonymous_voters if p.anonymous else p.named,
            partners_voted=p.anonymous_partners if p.anonymous else p.named_partners,
        )
        for p in proposals
    ]


def decision_evidence(project: Project, *, as_of: dt.datetime | None = None) -> dict:
    """The figures the co-production health check needs about decisions, in one query.

    Returns ``{"proposals": int, "open": int, "closed": int, "with_partners_voting": int,
    "share_with_partners_voting": float | None (0-1, of closed proposals), "carried_against_partners": int,
    "made_without_partners": int}``. A proposal "with partners voting" had at least one partner's vote
    (named or anonymous). Source: mission.md, "Doing to, not with"; issue 14.

    With ``as_of`` (aware) the figures are as they stood at that moment: only proposals raised by then,
    closed only if they had closed by then (a later closing leaves them open), and only votes cast by
    then. "Made without partners" has no time of its own, so a proposal raised by then that carries the
    mark counts. Still one query.
    """
    proposals = Proposal.objects.filter(project=project)
    partner_vote = Vote.objects.filter(proposal=OuterRef("pk"), side=Side.PARTNER)
    partner_ballot = HasVoted.objects.filter(proposal=OuterRef("pk"), side=Side.PARTNER)
    closed = Q(state=Proposal.State.CLOSED)
    if as_of is not None:
        proposals = proposals.filter(created_at__lte=as_of)
        partner_vote = partner_vote.filter(created_at__lte=as_of)
        partner_ballot = partner_ballot.filter(created_at__lte=as_of)
        closed &= Q(closed_at__lte=as_of)
    figures = proposals.aggregate(
        proposals=Count("pk"),
        open=Count("pk", filter=~closed),
        closed=Count("pk", filter=closed),
        with_partners_voting=Count("pk", filter=closed & (Exists(partner_vote) | Exists(partner_ballot))),
        carried_against_partners=Count("pk", filter=closed & Q(against_partners=True)),
        made_without_partners=Count("pk", filter=Q(made_without_partners=True)),
    )
    figures["share_with_partners_voting"] = (
        figures["with_partners_voting"] / figures["closed"] if figures["closed"] else None
    )
    return figures


def project_panel_data(*, project: Project, access: ProjectAccess, user) -> dict | None:
    """The project page's "Decisions" panel: links to the decision log and, for organisers, to raise a
    proposal; None for someone who cannot see the project. No queries: an open proposal waiting for the
    viewer's vote is listed under "What needs you" (core.needs), in that page's one query."""
    if not access.can_view:
        return None
    return {"can_propose": access.is_organiser}


def health_evidence(project: Project, *, as_of: dt.datetime | None = None) -> dict:
    """Everything the co-production health check reads about decisions and round tables, in three queries.

    Returns ``{"decisions": decision_evidence(project), "round_tables": round_table_evidence(project)}``:
    the share of closed decisions in which partners voted, decisions carried by staff against partners and
    those made without partners (1 query); and the partners offered a turn and who spoke, where passing
    counts as a turn offered and never against anyone (2 queries; docs/round-tables.md). Source: the first
    sign of tokenism, "doing to, not with" (mission.md); issue 14. With ``as_of`` (aware) both are as they
    stood at that moment (see each function); still three queries.
    """
    from roundtable.decisions.round_tables_selectors import round_table_evidence

    return {
        "decisions": decision_evidence(project, as_of=as_of),
        "round_tables": round_table_evidence(project, as_of=as_of),
    }
