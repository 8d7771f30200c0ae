"""What needs the person: the things waiting for them, across apps, in one query.

A page leads with what needs the person (issue 13). My projects lists it across every project the
person takes part in; each project page lists it for that project. It gathers, for projects where the
person is an active member:

* an open availability poll they have not answered (meetings),
* an open check-in after a meeting that they have not answered (feedback),
* a claim of theirs waiting for them: a draft to check and send, or a question back (payments),
* papers sent out for a meeting in the next ``PAPERS_AHEAD_DAYS`` days (meetings),
* joining they have not finished: they said yes but have not chosen what to share (projects),
* an open proposal they may vote on and have not voted on yet (decisions).

``core`` sits at the top of the house, so it may read all of these. ``CoreConfig.ready()`` registers
``needs_for`` with ``projects.panels.register_needs``; the project page and My projects ask for it there
and draw ``projects/includes/what_needs_you.html``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import CharField, DateField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roundtable.decisions.models import HasVoted, Proposal, Vote
from roundtable.feedback.models import CheckIn, CheckInAnswer
from roundtable.meetings.models import Meeting, Paper, Poll, PollAnswer
from roundtable.payments.models import Claim, ClaimStatus
from roundtable.projects.models import MemberRole, Membership, Project

# Papers for a meeting within this many days count as waiting to be read (the longest notice a
# person can ask for is 14 days; see accounts.CommunicationProfile.notice_days).
PAPERS_AHEAD_DAYS = 14
# At most this many rows are read; a person never has more waiting than this in practice.
LIMIT = 60

COLUMNS = ("n_kind", "n_id", "n_title", "n_project", "n_project_title", "n_meeting", "n_day")


@dataclass(frozen=True)
class Need:
    """One thing waiting for the person: what to do (``text``), where (``url``) and for which project."""

    kind: str  # "joining", "poll", "vote", "check_in", "claim_draft", "claim_queried" or "papers"
    text: str
    url: str
    project_id: int
    project_title: str


def _columns(qs: QuerySet, *, kind, title, meeting, day) -> QuerySet:
    """The same seven columns, in the same order, from every kind of row (for the UNION)."""
    return (
        qs.order_by()
        .annotate(
            n_kind=kind,
            n_id=F("pk"),
            n_title=title,
            n_project=F("project_id"),
            n_project_title=F("project__title"),
            n_meeting=meeting,
            n_day=day,
        )
        .values_list(*COLUMNS)
    )


def needs_for(*, user, project: Project | None = None, now: dt.datetime | None = None) -> list[Need]:
    """What waits for ``user``, in one query (a UNION of six selects), oldest first within a kind.

    ``project``: only that project's needs (the project page); ``None``: every project the person is an
    active member of (My projects). ``now`` is an aware datetime (UTC or London; default: now).
    Returns [] for people who are not signed in. Papers are listed once per meeting, with a count.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    now = now or timezone.now()
    projects = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values("project_id")
    if project is not None:
        projects = projects.filter(project_id=project.pk)
    no_meeting = Cast(Value(None), IntegerField())
    no_day = Cast(Value(None), DateField())

    polls = Poll.objects.filter(project_id__in=projects, status=Poll.Status.OPEN).exclude(
        Exists(PollAnswer.objects.filter(option__poll=OuterRef("pk"), user=user))
    )
    check_ins = CheckIn.objects.filter(project_id__in=projects, opens_at__lte=now, closes_at__gt=now).exclude(
        Exists(CheckInAnswer.objects.filter(check_in=OuterRef("pk"), person=user))
    )
    claims = Claim.objects.filter(
        project_id__in=projects, claimant=user, status__in=[ClaimStatus.DRAFT, ClaimStatus.QUERIED]
    )
    papers = Paper.objects.filter(
        project_id__in=projects,
        released_at__isnull=False,
        version_of__isnull=True,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=now + dt.timedelta(days=PAPERS_AHEAD_DAYS),
    )
    joining = Membership.objects.filter(
        project_id__in=projects, user=user, status=Membership.Status.ACTIVE, sharing_chosen_at__isnull=True
    )
    # A proposal waits for a vote while it is open, the person may vote (partners-only ones wait only for
    # partners) and they have not voted, named or anonymously (decisions.services decides the same).
    partner_here = Membership.objects.filter(
        project_id=OuterRef("project_id"), user=user, status=Membership.Status.ACTIVE, role=MemberRole.PARTNER
    )
    votes = (
        Proposal.objects.filter(project_id__in=projects, state=Proposal.State.OPEN, closes_at__gt=now)
        .exclude(Exists(Vote.objects.filter(proposal=OuterRef("pk"), person=user)))
        .exclude(Exists(HasVoted.objects.filter(proposal=OuterRef("pk"), person=user)))
        .exclude(Q(voters=Proposal.Voters.PARTNERS) & ~Exists(partner_here))
    )
    union = _columns(
        polls, kind=Value("poll", CharField()), title=F("title"), meeting=no_meeting, day=F("answer_by")
    ).union(
        _columns(
            check_ins,
            kind=Value("check_in", CharField()),
            title=F("meeting__title"),
            meeting=F("meeting_id"),
            day=no_day,
        ),
        _columns(
            claims,
            kind=Cast(F("status"), CharField()),
            title=Cast(Value(""), CharField()),
            meeting=no_meeting,
            day=F("work_date"),
        ),
        _columns(
            papers,
            kind=Value("papers", CharField()),
            title=F("meeting__title"),
            meeting=F("meeting_id"),
            day=no_day,
        ),
        _columns(
            joining, kind=Value("joining", CharField()), title=F("project__title"), meeting=no_meeting, day=no_day
        ),
        # The meeting column carries the proposal's number within its project, for its address.
        _columns(votes, kind=Value("vote", CharField()), title=F("question"), meeting=F("number"), day=no_day),
        all=True,
    )
    rows = sorted(union[:LIMIT], key=lambda row: (row[0], row[1]))
    return _needs(rows)


_ORDER = {"joining": -1, "claim_queried": 0, "check_in": 1, "vote": 2, "poll": 2, "papers": 3, "claim_draft": 4}


def _needs(rows: list[tuple]) -> list[Need]:
    """Turn UNION rows into sentences and links; papers gathered into one line per meeting."""
    needs: list[Need] = []
    papers: dict[int, list[tuple]] = {}
    for kind, pk, title, project_id, project_title, meeting_id, day in rows:
        if kind == "papers":
            papers.setdefault(meeting_id, []).append((title, project_id, project_title))
            continue
        if kind == "joining":
            text = _("Finish joining: tell us what you need and choose what to share")
            finish = reverse("projects:sharing", args=[project_id]) + "?welcome=1"
            url = reverse("accounts:setup") + "?" + urlencode({"next": finish, "welcome": "1"})
        elif kind == "poll":
            text = _("Say when you can come: %(title)s") % {"title": title}
            if day:
                text += " " + _("(please answer by %(day)s)") % {"day": date_format(day, "j F")}
            url = reverse("meetings:poll", args=[project_id, pk])
        elif kind == "vote":
            text = _("Have your say in a vote: %(question)s") % {"question": title}
            url = reverse("decisions:proposal", args=[project_id, meeting_id])
        elif kind == "check_in":
            text = _("Tell us how %(meeting)s went for you") % {"meeting": title}
            url = reverse("feedback:check_in", args=[project_id, meeting_id])
        elif kind == ClaimStatus.QUERIED:
            kind = "claim_queried"
            text = _("Answer a question about your claim for %(day)s") % {"day": date_format(day, "j F")}
            url = reverse("payments:claim", args=[pk])
        else:
            kind = "claim_draft"
            text = _("Check your claim for %(day)s and send it") % {"day": date_format(day, "j F")}
            url = reverse("payments:claim", args=[pk])
        needs.append(Need(kind, text, url, project_id, project_title))
    for meeting_id, found in papers.items():
        title, project_id, project_title = found[0]
        text = ngettext("Read the paper for %(meeting)s", "Read the %(n)s papers for %(meeting)s", len(found)) % {
            "meeting": title,
            "n": len(found),
        }
        url = reverse("meetings:meeting", args=[project_id, meeting_id]) + "#papers"
        needs.append(Need("papers", text, url, project_id, project_title))
    return sorted(needs, key=lambda need: _ORDER[need.kind])
