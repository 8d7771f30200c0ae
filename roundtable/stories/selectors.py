"""Every read the story pages need, scoped to the viewer. Query counts are pinned in tests/test_queries.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from roundtable.accounts.models import CommunicationProfile, Naming
from roundtable.credits.models import Output, OutputCredit
from roundtable.credits.naming import credited_name
from roundtable.projects.models import Membership, Project
from roundtable.stories.models import StoryPart, StoryQuote, StoryRead, StoryRequest, StoryShare


def live_q(prefix: str = "") -> Q:
    """Shares not withdrawn whose last day (London) has not passed."""
    today = timezone.localdate()
    return Q(**{f"{prefix}withdrawn_at__isnull": True}) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": today})
    )


@dataclass
class MyStory:
    parts: list[StoryPart]
    requests: list[StoryRequest]
    quotes: list[StoryQuote]
    reads: list[StoryRead]
    projects: list[Project] = field(default_factory=list)


def my_story(*, user) -> MyStory:
    """The person's parts with their shares (live first), open requests, quotes waiting or given, and the
    access log (newest first). Six queries whatever the numbers."""
    shares = StoryShare.objects.select_related("project").order_by("withdrawn_at", "-created_at")
    parts = list(StoryPart.objects.filter(owner=user).prefetch_related(Prefetch("shares", queryset=shares)))
    requests = list(
        StoryRequest.objects.filter(owner=user, status=StoryRequest.Status.OPEN).select_related("project", "asked_by")
    )
    quotes = list(
        StoryQuote.objects.filter(owner=user)
        .exclude(state=StoryQuote.State.WITHDRAWN)
        .select_related("output__project", "part")
    )
    reads = list(StoryRead.objects.filter(owner=user).select_related("part", "share__project")[:200])
    return MyStory(parts=parts, requests=requests, quotes=quotes, reads=reads)


def my_part(*, user, part_id: int) -> StoryPart:
    part = StoryPart.objects.filter(owner=user, pk=part_id).first()
    if part is None:
        raise Http404
    return part


def my_share(*, user, share_id: int) -> StoryShare:
    share = StoryShare.objects.select_related("part", "project").filter(owner=user, pk=share_id).first()
    if share is None:
        raise Http404
    return share


def my_request(*, user, request_id: int) -> StoryRequest:
    request = StoryRequest.objects.select_related("project", "asked_by").filter(owner=user, pk=request_id).first()
    if request is None:
        raise Http404
    return request


def my_quote(*, user, quote_id: int) -> StoryQuote:
    quote = StoryQuote.objects.select_related("output", "part").filter(owner=user, pk=quote_id).first()
    if quote is None:
        raise Http404
    return quote


def shared_with(*, user, project) -> list[StoryShare]:
    """What the person shares with the project now, so they are not asked twice for the same thing."""
    return list(StoryShare.objects.filter(live_q(), owner=user, project=project).select_related("part"))


def my_projects(*, user) -> list[Project]:
    """Projects the person is an active member of: the only ones they can share with."""
    memberships = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).select_related("project")
    return [m.project for m in memberships if m.is_active]


@dataclass
class ProjectStories:
    shares: list[StoryShare]
    requests: list[StoryRequest]
    quotes: list[StoryQuote]
    to_remove: list[StoryQuote]


def project_stories(*, project) -> ProjectStories:
    """What the project may read now (titles and content notes, not the words), its requests and quotes,
    and the quotes to take out after a withdrawal. Four queries whatever the numbers."""
    shares = list(
        StoryShare.objects.filter(live_q(), project=project).select_related("part", "owner").order_by("-created_at")
    )
    requests = list(StoryRequest.objects.filter(project=project).select_related("owner", "asked_by"))
    quotes = list(StoryQuote.objects.filter(output__project=project).select_related("output", "owner__profile"))
    _name_quotes(quotes)
    to_remove = [q for q in quotes if q.state == StoryQuote.State.WITHDRAWN and q.removed_at is None]
    return ProjectStories(shares=shares, requests=requests, quotes=quotes, to_remove=to_remove)


def project_share(*, project, share_id: int) -> StoryShare:
    """A share the project may read now, or 404 (withdrawn, ended, another project's, or none)."""
    share = StoryShare.objects.filter(live_q(), project=project, pk=share_id).select_related("part", "owner").first()
    if share is None:
        raise Http404
    return share


def project_quote(*, project, quote_id: int) -> StoryQuote:
    quote = StoryQuote.objects.select_related("output__project").filter(output__project=project, pk=quote_id).first()
    if quote is None:
        raise Http404
    return quote


def project_outputs(*, project) -> list[Output]:
    return list(Output.objects.filter(project=project))


def _name_quotes(quotes: list[StoryQuote]) -> None:
    """Set ``credited_as`` on each quote (owner__profile selected): the words that name its person as their
    naming choice for that output allows (``OutputCredit``), else their profile's choice; "a parent carer"
    when they chose that; None when they asked not to be named. One query for all the quotes."""
    owners = {q.owner_id for q in quotes if q.owner_id}
    credits = {
        (c.output_id, c.person_id): c
        for c in OutputCredit.objects.filter(output_id__in={q.output_id for q in quotes}, person_id__in=owners)
    }
    for quote in quotes:
        quote.credited_as = quote_name(quote=quote, credit=credits.get((quote.output_id, quote.owner_id or 0)))


def quote_name(*, quote: StoryQuote, credit: OutputCredit | None) -> str | None:
    """The words that name the quote's person (see ``_name_quotes``); None when not to be named."""
    person = quote.owner
    if person is None:
        return None
    if credit is not None:
        naming, pseudonym = credit.naming, credit.pseudonym
    else:
        profile: CommunicationProfile | None = getattr(person, "profile", None)
        naming = profile.naming if profile else Naming.ANONYMOUS
        pseudonym = profile.pseudonym if profile else ""
    return credited_name(naming=naming, full_name=person.full_name, short_name=person.short_name, pseudonym=pseudonym)


def project_panel(*, project, access, user) -> dict | None:
    """The project page's links to stories: for organisers and members, no query; None hides it."""
    if not (access.is_organiser or access.is_member):
        return None
    return {}


def proxy_story(*, project, person) -> dict:
    """The parts an organiser recorded for ``person`` and their shares with this project, and the project's
    open requests to them."""
    shares = StoryShare.objects.filter(project=project).order_by("withdrawn_at", "-created_at")
    parts = list(
        StoryPart.objects.filter(owner=person, by_proxy=True).prefetch_related(Prefetch("shares", queryset=shares))
    )
    requests = list(StoryRequest.objects.filter(project=project, owner=person, status=StoryRequest.Status.OPEN))
    return {"parts": parts, "requests": requests}


def proxy_people(*, project) -> list:
    """Active members added by proxy who do not use the web (Grace, Joe by phone): the people whose story an
    organiser may write down (``projects.permissions.may_act_for``). One query."""
    memberships = (
        Membership.objects.filter(
            project=project, status=Membership.Status.ACTIVE, added_by_proxy=True, user__uses_web=False
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    return [m.user for m in memberships if m.is_active]
