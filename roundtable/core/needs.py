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
from functools import lru_cache
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roundtable.decisions.models import HasVoted, Proposal, Vote
from roundtable.feedback.models import CheckIn, CheckInAnswer
from roundtable.lib.rawsql import Table
from roundtable.meetings.models import Meeting, Paper, Poll, PollAnswer, PollOption
from roundtable.payments.models import Claim, ClaimStatus
from roundtable.projects.models import MemberRole, Membership, Project

# Papers for a meeting within this many days count as waiting to be read (the longest notice a
# person can ask for is 14 days; see accounts.CommunicationProfile.notice_days).
PAPERS_AHEAD_DAYS = 14
# At most this many rows are read; a person never has more waiting than this in practice.
LIMIT = 60


@dataclass(frozen=True)
class Need:
    """One thing waiting for the person: what to do (``text``), where (``url``) and for which project."""

    kind: str  # "joining", "poll", "vote", "check_in", "claim_draft", "claim_queried" or "papers"
    text: str
    url: str
    project_id: int
    project_title: str


# The six kinds of need, each a select of the same six columns (kind, id, title, project id, meeting id, day), in
# one UNION ALL; the project's title is joined once, to the rows found (joining it in each select doubled the time
# PostgreSQL spent planning the query). ``mine`` is the projects where the person is an active member (one of them
# on a project page). Written as SQL rather than six ORM querysets because building and compiling those cost more
# than everything else on the project page (issue 19); the tests pin every kind on both databases.
_SQL = """
WITH mine AS (
  SELECT {membership.project} AS project_id FROM {membership}
  WHERE {membership.user} = %(user)s AND {membership.status} = %(active)s {one_project}
)
SELECT n.n_kind, n.pk, n.title, n.project_id, pr.{project.title}, n.meeting_id, n.day
FROM (
SELECT 'poll' AS n_kind, p.{poll.id} AS pk, p.{poll.title} AS title, p.{poll.project} AS project_id,
       CAST(NULL AS integer) AS meeting_id, p.{poll.answer_by} AS day
FROM {poll} p
WHERE p.{poll.project} IN (SELECT project_id FROM mine) AND p.{poll.status} = %(poll_open)s
  AND NOT EXISTS (
    SELECT 1 FROM {poll_answer} a JOIN {poll_option} o ON o.{poll_option.id} = a.{poll_answer.option}
    WHERE o.{poll_option.poll} = p.{poll.id} AND a.{poll_answer.user} = %(user)s
  )
UNION ALL
SELECT 'check_in', c.{check_in.id}, m.{meeting.title}, c.{check_in.project}, c.{check_in.meeting}, CAST(NULL AS date)
FROM {check_in} c JOIN {meeting} m ON m.{meeting.id} = c.{check_in.meeting}
WHERE c.{check_in.project} IN (SELECT project_id FROM mine)
  AND c.{check_in.opens_at} <= %(now)s AND c.{check_in.closes_at} > %(now)s
  AND NOT EXISTS (
    SELECT 1 FROM {check_in_answer} a
    WHERE a.{check_in_answer.check_in} = c.{check_in.id} AND a.{check_in_answer.person} = %(user)s
  )
UNION ALL
SELECT cl.status, cl.id, '', cl.project_id, CAST(NULL AS integer), cl.work_date
FROM (
  SELECT x.{claim.status} AS status, x.{claim.id} AS id, x.{claim.project} AS project_id,
         x.{claim.work_date} AS work_date
  FROM {claim} x
  WHERE x.{claim.claimant} = %(user)s AND x.{claim.status} IN ({claim_to_check}) {fence}
) cl
WHERE cl.project_id IN (SELECT project_id FROM mine)
UNION ALL
SELECT 'papers', pa.{paper.id}, m.{meeting.title}, pa.{paper.project}, pa.{paper.meeting}, CAST(NULL AS date)
FROM {paper} pa JOIN {meeting} m ON m.{meeting.id} = pa.{paper.meeting}
WHERE pa.{paper.project} IN (SELECT project_id FROM mine)
  AND pa.{paper.released_at} IS NOT NULL AND pa.{paper.version_of} IS NULL
  AND m.{meeting.status} = %(scheduled)s
  AND m.{meeting.starts_at} > %(now)s AND m.{meeting.starts_at} <= %(papers_until)s
UNION ALL
SELECT 'joining', ms.{membership.id}, '', ms.{membership.project}, CAST(NULL AS integer), CAST(NULL AS date)
FROM {membership} ms
WHERE ms.{membership.project} IN (SELECT project_id FROM mine) AND ms.{membership.user} = %(user)s
  AND ms.{membership.status} = %(active)s AND ms.{membership.sharing_chosen_at} IS NULL
UNION ALL
SELECT 'vote', v.{proposal.id}, v.{proposal.question}, v.{proposal.project}, v.{proposal.number}, CAST(NULL AS date)
FROM {proposal} v
WHERE v.{proposal.project} IN (SELECT project_id FROM mine)
  AND v.{proposal.state} = %(proposal_open)s AND v.{proposal.closes_at} > %(now)s
  AND NOT EXISTS (
    SELECT 1 FROM {vote} x WHERE x.{vote.proposal} = v.{proposal.id} AND x.{vote.person} = %(user)s
  )
  AND NOT EXISTS (
    SELECT 1 FROM {has_voted} h WHERE h.{has_voted.proposal} = v.{proposal.id} AND h.{has_voted.person} = %(user)s
  )
  AND NOT (
    v.{proposal.voters} = %(partners_only)s AND NOT EXISTS (
      SELECT 1 FROM {membership} pm
      WHERE pm.{membership.project} = v.{proposal.project} AND pm.{membership.user} = %(user)s
        AND pm.{membership.status} = %(active)s AND pm.{membership.role} = %(partner)s
    )
  )
LIMIT %(limit)s
) n JOIN {project} pr ON pr.{project.id} = n.project_id
"""


@lru_cache(maxsize=4)
def _sql(vendor: str, one_project: bool) -> str:
    """The needs query for this database (``vendor`` keys the cache), for one project or all of them."""
    tables = {
        "membership": Membership,
        "project": Project,
        "poll": Poll,
        "poll_option": PollOption,
        "poll_answer": PollAnswer,
        "check_in": CheckIn,
        "check_in_answer": CheckInAnswer,
        "meeting": Meeting,
        "claim": Claim,
        "paper": Paper,
        "proposal": Proposal,
        "vote": Vote,
        "has_voted": HasVoted,
    }
    names = {key: Table(model) for key, model in tables.items()}
    one = f"AND {names['membership'].project} = %(project)s" if one_project else ""
    # A person's claims to check are found from them, then kept if in their projects: PostgreSQL's plan kept
    # for the statement once prepared (made for a person in a few projects) went the other way, project by
    # project, and took 278 ms for a person in 500 (issue 19). OFFSET 0 plans the inner select on its own.
    # The two statuses are written into the text, not sent as parameters, so that plan knows they are rare and
    # takes them from the (claimant, status) index rather than reading every claim of the person.
    fence = "OFFSET 0" if vendor == "postgresql" else ""
    to_check = ", ".join(_literal(status) for status in (ClaimStatus.DRAFT, ClaimStatus.QUERIED))
    return _SQL.format(one_project=one, fence=fence, claim_to_check=to_check, **names)


def _literal(choice: str) -> str:
    """A model choice's value as an SQL string literal. Only for our own choices' values (letters and "_")."""
    value = str(choice)
    if not value.replace("_", "").isalpha() or not value.isascii():
        raise ValueError(f"Not a plain choice value: {value!r}")
    return f"'{value}'"


def needs_for(*, user, project: Project | None = None, now: dt.datetime | None = None) -> list[Need]:
    """What waits for ``user``, in one query (a UNION of six selects), oldest first within a kind.

    ``project``: only that project's needs (the project page); ``None``: every project the person is an
    active member of (My projects). ``now`` is an aware datetime (UTC or London; default: now).
    Returns [] for people who are not signed in. Papers are listed once per meeting, with a count.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    now = now or timezone.now()
    ops = connection.ops
    params = {
        "user": user.pk,
        "project": project.pk if project is not None else None,
        "active": Membership.Status.ACTIVE.value,
        "partner": MemberRole.PARTNER.value,
        "now": ops.adapt_datetimefield_value(now),
        "papers_until": ops.adapt_datetimefield_value(now + dt.timedelta(days=PAPERS_AHEAD_DAYS)),
        "poll_open": Poll.Status.OPEN.value,
        "scheduled": Meeting.Status.SCHEDULED.value,
        # A proposal waits for a vote while it is open, the person may vote (partners-only ones wait only for
        # partners) and they have not voted, named or anonymously (decisions.services decides the same).
        "proposal_open": Proposal.State.OPEN.value,
        "partners_only": Proposal.Voters.PARTNERS.value,
        "limit": LIMIT,
    }
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor, project is not None), params)
        rows = [(*row[:6], _day(row[6])) for row in cursor.fetchall()]
    rows.sort(key=lambda row: (row[0], row[1]))
    return _needs(rows)


def _day(value) -> dt.date | None:
    """A date column as a date (SQLite gives its text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


_ORDER = {"joining": -1, "claim_queried": 0, "check_in": 1, "vote": 2, "poll": 2, "papers": 3, "claim_draft": 4}


# Ids no real row reaches, reversed in place of a link's ids and then replaced by the real ones (``_Links``).
_STAND_INS = (730193745106, 730193745207)


class _Links:
    """The links of one list of needs: each URL name is reversed once, with stand-in ids that are then replaced by
    the real ones, giving what ``reverse`` gives for those ids (reversing cost more than the rest of a need: 2 ms
    for 60 needs). Falls back to ``reverse`` when a stand-in does not appear exactly once in the path."""

    def __init__(self) -> None:
        self._paths: dict[tuple[str, int], str] = {}

    def __call__(self, name: str, *ids: int) -> str:
        """The path of URL ``name`` for these integer ids (in the order of the URL's arguments)."""
        key = (name, len(ids))
        path = self._paths.get(key)
        if path is None:
            path = ""
            if len(ids) <= len(_STAND_INS):
                stand_ins = _STAND_INS[: len(ids)]
                path = reverse(name, args=stand_ins)
                if any(path.count(str(stand_in)) != 1 for stand_in in stand_ins):
                    path = ""
            self._paths[key] = path
        if not path:
            return reverse(name, args=ids)
        for stand_in, value in zip(_STAND_INS, ids, strict=False):
            path = path.replace(str(stand_in), str(int(value)))
        return path


def _needs(rows: list[tuple]) -> list[Need]:
    """Turn UNION rows into sentences and links; papers gathered into one line per meeting."""
    needs: list[Need] = []
    papers: dict[int, list[tuple]] = {}
    link = _Links()
    joining_text = setup = ""
    for kind, pk, title, project_id, project_title, meeting_id, day in rows:
        if kind == "papers":
            papers.setdefault(meeting_id, []).append((title, project_id, project_title))
            continue
        if kind == "joining":
            if not setup:
                joining_text = _("Finish joining: tell us what you need and choose what to share")
                setup = reverse("accounts:setup") + "?"
            text = joining_text
            finish = link("projects:sharing", project_id) + "?welcome=1"
            url = setup + urlencode({"next": finish, "welcome": "1"})
        elif kind == "poll":
            text = _("Say when you can come: %(title)s") % {"title": title}
            if day:
                text += " " + _("(please answer by %(day)s)") % {"day": date_format(day, "j F")}
            url = link("meetings:poll", project_id, pk)
        elif kind == "vote":
            text = _("Have your say in a vote: %(question)s") % {"question": title}
            url = link("decisions:proposal", project_id, meeting_id)
        elif kind == "check_in":
            text = _("Tell us how %(meeting)s went for you") % {"meeting": title}
            url = link("feedback:check_in", project_id, meeting_id)
        elif kind == ClaimStatus.QUERIED:
            kind = "claim_queried"
            text = _("Answer a question about your claim for %(day)s") % {"day": date_format(day, "j F")}
            url = link("payments:claim", pk)
        else:
            kind = "claim_draft"
            text = _("Check your claim for %(day)s and send it") % {"day": date_format(day, "j F")}
            url = link("payments:claim", pk)
        needs.append(Need(kind, text, url, project_id, project_title))
    for meeting_id, found in papers.items():
        title, project_id, project_title = found[0]
        text = ngettext("Read the paper for %(meeting)s", "Read the %(n)s papers for %(meeting)s", len(found)) % {
            "meeting": title,
            "n": len(found),
        }
        url = link("meetings:meeting", project_id, meeting_id) + "#papers"
        needs.append(Need("papers", text, url, project_id, project_title))
    return sorted(needs, key=lambda need: _ORDER[need.kind])
