"""Every read the decision pages need, scoped to the viewer, with query counts that do not grow with the data.

* ``proposal_page``: one proposal with its options, results (total, partners' view, staff's view), the
  viewer's vote, who voted (and how: web, phone, post), who has not.
* ``decision_log``: every proposal of a project with its result, partners' view, outcome and review date.
* ``decision_evidence``: the figures the health check needs (one query).
* ``project_panel_data``: the short "Decisions" panel on the project page.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, TextField, Window
from django.db.models.functions import Cast, Coalesce, Lower

from roundtable.accounts.models import User
from roundtable.decisions import counting
from roundtable.decisions.electorate import eligible_users, side_from_access
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
    # One page of the named votes (or, for an anonymous vote, of who has voted): LIST_PAGE_SIZE a page.
    votes: list[Vote] = field(default_factory=list)
    voted: list[HasVoted] = field(default_factory=list)
    list_page: int = 1
    list_has_next: bool = False
    # Organisers only: how many have not voted, and the first NOT_VOTED_SHOWN of them by name.
    not_voted: list[User] = field(default_factory=list)
    not_voted_count: int = 0
    # Organisers only, while open: people who do not use the website, to record their vote (one page).
    proxy_people: list[User] = field(default_factory=list)
    proxy_has_next: bool = False
    proxy_page: int = 1
    eligible: int = 0

    @property
    def not_voted_more(self) -> int:
        """How many people who have not voted are not named on the page."""
        return max(0, self.not_voted_count - len(self.not_voted))


# The lists on a proposal page are paged, so the page costs the same with 50 voters or 5,000 (issue 19).
LIST_PAGE_SIZE = 50
NOT_VOTED_SHOWN = 30


def _same_choices(rows: QuerySet[Any], viewer=None) -> tuple[list[tuple[str, list, int]], bool]:
    """``(side, choice, n)`` for each different choice on each side among ``rows`` (votes or ballots), as
    the database groups them: one query, and each different choice is read once, not each vote. With a
    ``viewer`` (named votes only: ballots hold no person), also whether one of the rows is theirs."""
    counts: dict[str, Any] = {"n": Count("pk")}
    if viewer is not None:
        counts["mine"] = Count("pk", filter=Q(person=viewer))
    grouped = rows.values("side", raw=Cast("choice", TextField())).annotate(**counts).order_by()
    found = [(row["side"], json.loads(row["raw"]), row["n"], row.get("mine", 0)) for row in grouped]
    return [(side, choice, n) for side, choice, n, _ in found], any(mine for *_, mine in found)


def _one_page(rows, number: int) -> tuple[list, bool]:
    """Page ``number`` (from 1) of the ordered queryset ``rows``: its rows and whether a next page exists."""
    start = (number - 1) * LIST_PAGE_SIZE
    found = list(rows[start : start + LIST_PAGE_SIZE + 1])
    return found[:LIST_PAGE_SIZE], len(found) > LIST_PAGE_SIZE


def proposal_page(
    *, proposal: Proposal, access: ProjectAccess, user, list_page: int = 1, proxy_page: int = 1
) -> ProposalPage:
    """Everything the proposal page shows, with the lists of people paged (``list_page``, ``proxy_page``: from 1).

    Counts come from the database and the votes are counted from their (side, choice) pairs only, so the
    page reads a fixed number of queries (pinned in tests/test_proposal_page_paged.py) and
    loads at most one page of people, whatever the number of voters.
    """
    project = access.project
    options = list(Option.objects.filter(proposal=proposal))
    closed = voting_closed(proposal)
    side = side_from_access(access, proposal.voters) if not closed else None
    eligible = eligible_users(project, proposal.voters)
    my_vote: Vote | None = None
    who_voted: QuerySet[Any]  # the rows that say who has voted: HasVoted (anonymous) or Vote (named)
    if proposal.anonymous:
        who_voted = HasVoted.objects.filter(proposal=proposal)
        groups, _ = _same_choices(Ballot.objects.filter(proposal=proposal))
        i_have_voted = who_voted.filter(person=user).exists()
    else:
        named = Vote.objects.filter(proposal=proposal)
        who_voted = named
        groups, mine = _same_choices(named, viewer=user)
        # The viewer's own vote (with its reason) is read only when they have one.
        my_vote = named.filter(person=user).first() if mine else None
        i_have_voted = my_vote is not None
    page = ProposalPage(
        proposal=proposal,
        options=options,
        voting_closed=closed,
        can_vote=side is not None and not (proposal.anonymous and i_have_voted),
        my_vote=my_vote,
        i_have_voted=i_have_voted,
        show_results=closed or proposal.results_while_open,
        eligible=eligible.count(),
        list_page=max(1, list_page),
        proxy_page=max(1, proxy_page),
    )
    by_name = (Lower("person__full_name"), "person_id")
    # The lists show names only: read just those columns of the people (a page of 50 votes loads 50 rows).
    names = ("person__full_name", "person__known_as", "taken_by__full_name", "taken_by__known_as")
    if proposal.anonymous and access.is_organiser:
        voted_rows = (
            HasVoted.objects.filter(proposal=proposal)
            .select_related("person", "taken_by")
            .only("proposal_id", "person_id", "taken_by_id", "side", "channel", *names)
            .order_by(*by_name)
        )
        page.voted, page.list_has_next = _one_page(voted_rows, page.list_page)
    elif not proposal.anonymous and page.show_results:
        vote_rows = (
            Vote.objects.filter(proposal=proposal)
            .select_related("person", "taken_by")
            .only("proposal_id", "person_id", "taken_by_id", "side", "choice", "reason", "channel", *names)
            .order_by(*by_name)
        )
        page.votes, page.list_has_next = _one_page(vote_rows, page.list_page)
    if access.is_organiser and not closed:
        waiting = eligible.exclude(pk__in=Subquery(who_voted.values("person_id")))
        # One query: the first names, each carrying the count of everyone waiting (a window over the rows).
        page.not_voted = list(
            waiting.only("full_name", "known_as")
            .annotate(waiting=Window(Count("pk")))
            .order_by(Lower("full_name"), "pk")[:NOT_VOTED_SHOWN]
        )
        page.not_voted_count = page.not_voted[0].waiting if page.not_voted else 0  # type: ignore[attr-defined]
        offline = eligible.filter(uses_web=False).only("full_name", "known_as").order_by(Lower("full_name"), "pk")
        page.proxy_people, page.proxy_has_next = _one_page(offline, page.proxy_page)
    result = counting.count_grouped(proposal.kind, [o.pk for o in options], groups)
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
    for vote in page.votes:
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
