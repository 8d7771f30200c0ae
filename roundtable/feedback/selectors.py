"""Every read a listening page needs, scoped to the viewer, with a fixed number of queries.

Pages show at most ``PER_PAGE`` rows and count the rest, so a board of 5,000 notes costs the same
number of queries as a board of 5 (pinned in ``tests/test_queries.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.lookups import IsNull
from django.utils import timezone

from roundtable.feedback import waiting
from roundtable.feedback.board_sql import note_extras
from roundtable.feedback.felt import FeltSummary as FeltSummary
from roundtable.feedback.felt import felt_comments as felt_comments
from roundtable.feedback.felt import felt_summary as felt_summary
from roundtable.feedback.felt import next_meeting_for_check_in as next_meeting_for_check_in
from roundtable.feedback.inputs import InputKind, input_kind, input_kinds
from roundtable.feedback.models import (
    INPUT_KINDS,
    SCALE_FIELDS,
    SCALE_QUESTIONS,
    UNANSWERED_AFTER_DAYS,
    Anonymity,
    Barrier,
    Board,
    CheckIn,
    CheckInAnswer,
    Column,
    Feedback,
    FeedbackLink,
    Note,
    Response,
    ResponseLink,
    Theme,
    ThemeSuggestion,
)
from roundtable.lib.dates import add_calendar_days
from roundtable.lib.paging import Pager
from roundtable.lib.rawsql import Table
from roundtable.projects.permissions import ProjectAccess

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable, NegatedExpression

# A board shows 20 notes a page: each note has its own small forms (a dot, a theme), so a page of 20 reads
# well on a phone and by screen reader, and costs about what a plain table of 50 rows costs (bench/feedback.py).
PER_PAGE = 20
LIST_LIMIT = 50
# Long lists of barriers and of inputs waiting for an answer: a page of 25, with the shared pager (lib/paging.py).
LIST_PER_PAGE = 25


def _clamped_pager(params, *, page: int, total: int, per_page: int) -> Pager:
    """The shared pager (lib/paging.py) for ``page``, a page past the last showing the last."""
    pages = max(1, -(-total // per_page))
    return Pager.build(page=min(max(1, page), pages), per_page=per_page, total=total, query=params)


def author_label(note: Note, *, board: Board, organiser: bool) -> str:
    """Who wrote a note, as this viewer may see it. Empty when they may not."""
    if note.author_id is None or board.anonymity == Anonymity.ANONYMOUS:
        return ""
    if board.anonymity == Anonymity.HIDDEN and not organiser:
        return ""
    assert note.author is not None  # author_id checked above
    if organiser:
        return note.author.full_name
    profile = getattr(note.author, "profile", None)
    return profile.display_name(note.author) if profile else note.author.short_name


@dataclass
class NoteRow:
    """One note on a board page. ``suggestions`` hold only their id, note and theme; ``responses`` only their
    id and title (what the page shows; feedback/board_sql.py)."""

    note: Note
    author: str
    voted: bool
    suggestions: list[ThemeSuggestion] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    reports: int = 0

    @property
    def pk(self) -> str:
        """The note's id as text, for addresses and ids in the page (no number formatting per note)."""
        return str(self.note.pk)


@dataclass
class ColumnGroup:
    column: Column
    rows: list[NoteRow]


@dataclass
class BoardPage:
    board: Board
    columns: list[Column]
    themes: list[Theme]
    groups: list[ColumnGroup]
    total: int
    page: int
    pages: int
    pager: Pager
    votes_left: int
    order: str
    column_id: int | None


def board_page(
    *, board: Board, access: ProjectAccess, viewer, page: int = 1, order: str = "new", column_id: int | None = None,
    per_page: int = PER_PAGE, columns: list[Column] | None = None,
    anonymous_dots: tuple[frozenset[int], int] | None = None, params: Mapping[str, str] | None = None,
) -> BoardPage:  # fmt: skip
    """One page of a board: 5 queries, whatever the size of the board.

    ``order`` "new" shows the newest notes first, "votes" those with most dots first (then the newest);
    ``per_page`` notes a page, grouped under their columns; a page past the last shows the last.
    ``params`` (the view's checked page, order and column) are kept in the pager's links.

    On an anonymous board the database does not know which notes the viewer dotted: the view passes
    ``anonymous_dots`` (note ids this browser remembers, dots used on the board; see ``feedback.dots``).
    """
    organiser = access.is_organiser
    columns = list(Column.objects.filter(board=board)) if columns is None else columns
    themes = list(Theme.objects.filter(board=board))
    notes = Note.objects.filter(board=board)
    if column_id is not None:
        notes = notes.filter(column_id=column_id)
    total = notes.count()
    pager = _clamped_pager(params, page=page, total=total, per_page=per_page)
    ordering = ["-votes", "-id"] if order == "votes" else ["-id"]
    # Only what ``author_label`` shows this viewer: nobody on an anonymous board, nobody to members on a
    # hidden one, the full name to organisers, and to members the name as each person chose.
    if board.anonymity == Anonymity.ANONYMOUS or (board.anonymity == Anonymity.HIDDEN and not organiser):
        related: tuple[str, ...] = ()
    elif organiser:
        related = ("author",)
    else:
        related = ("author__profile",)
    if related:  # (select_related() with no names would follow every foreign key)
        notes = notes.select_related(*related)
    page_notes = list(notes.order_by(*ordering)[pager.offset : pager.offset + pager.per_page])
    # Each note's theme, and each suggestion's, from the board's themes read above (no join, no query).
    by_id = {t.pk: t for t in themes}
    for note in page_notes:
        if note.theme_id in by_id:
            note.theme = by_id[note.theme_id]
    ids = [n.pk for n in page_notes]
    theme_ids = {n.theme_id for n in page_notes if n.theme_id}
    # Dots, suggestions, answers and reports for the page's notes: one hand-written query (feedback/board_sql.py).
    extras = note_extras(
        board_id=board.pk, viewer_id=None if board.is_anonymous else viewer.pk, note_ids=ids, theme_ids=theme_ids,
        reports=organiser,
    )  # fmt: skip
    if board.is_anonymous:
        remembered, used = anonymous_dots or (frozenset(), 0)
        my_votes = set(remembered)
    else:
        my_votes = extras.voted
        used = len(my_votes)
    suggestions: dict[int, list] = {}
    for note_id, found in extras.suggestions.items():
        for suggestion_id, theme_id in found:
            s = ThemeSuggestion(id=suggestion_id, note_id=note_id, theme_id=theme_id)
            if theme_id in by_id:
                s.theme = by_id[theme_id]
            suggestions.setdefault(note_id, []).append(s)
    answered: dict[tuple[str, int | None], list] = {}
    for kind, found_answers in (("note", extras.note_answers), ("theme", extras.theme_answers)):
        for key, answers in found_answers.items():
            answered[(kind, key)] = [Response(id=pk, title=title) for pk, title in answers]
    reports = extras.reports
    by_column: dict[int, list[NoteRow]] = {c.pk: [] for c in columns}
    for note in page_notes:
        row = NoteRow(
            note=note,
            author=author_label(note, board=board, organiser=organiser),
            voted=note.pk in my_votes,
            suggestions=suggestions.get(note.pk, []),
            responses=answered.get(("note", note.pk), []) + answered.get(("theme", note.theme_id), []),
            reports=reports.get(note.pk, 0),
        )
        by_column.setdefault(note.column_id, []).append(row)
    groups = [ColumnGroup(column=c, rows=by_column[c.pk]) for c in columns if by_column[c.pk] or column_id is None]
    return BoardPage(
        board=board, columns=columns, themes=themes, groups=groups, total=total, page=pager.page,
        pages=pager.pages, pager=pager, votes_left=max(0, board.votes_per_person - used), order=order,
        column_id=column_id,
    )  # fmt: skip


def board_list(*, project) -> list[Board]:
    return list(Board.objects.filter(project=project).select_related("meeting").annotate(n_notes=Count("notes")))


def board_columns(*, board: Board) -> list[Column]:
    """The board's columns in their order, for the note form (1 query)."""
    return list(Column.objects.filter(board=board))


def board_themes(*, board: Board) -> list[Theme]:
    """The board's themes, for choosing a note's theme from a list (1 query)."""
    return list(Theme.objects.filter(board=board))


def board_suggestion(*, board: Board, suggestion_id: int) -> ThemeSuggestion | None:
    """A theme suggested for a note on this board (with the note and theme), or None (1 query)."""
    return ThemeSuggestion.objects.filter(pk=suggestion_id, note__board=board).select_related("note", "theme").first()


# --- Check-ins and anonymous feedback -------------------------------------------------------------


def meeting_check_in(*, meeting) -> CheckIn | None:
    """The check-in after this meeting, or None if none was opened (1 query)."""
    return CheckIn.objects.filter(meeting=meeting).first()


def check_in_answer_of(*, check_in: CheckIn | None, person) -> CheckInAnswer | None:
    """This person's answer to the check-in, or None (no query when there is no check-in)."""
    if check_in is None:
        return None
    return CheckInAnswer.objects.filter(check_in=check_in, person=person).first()


def open_link_by_token(*, token: str) -> FeedbackLink | None:
    """The anonymous feedback link with this token (cut to 64 characters), with its project, or None if
    there is none or it is closed (1 query; the project's contact and creator come with it, for "who reads it")."""
    link = (
        FeedbackLink.objects.select_related("project", "project__contact", "project__created_by")
        .filter(token=token[:64])
        .first()
    )
    return link if link is not None and link.is_open else None


def open_link_for(*, project) -> FeedbackLink | None:
    """The project's anonymous feedback link if it is open, else None (1 query)."""
    return FeedbackLink.objects.filter(project=project, is_open=True).first()


def project_feedback(*, project, limit: int = 100) -> tuple[FeedbackLink | None, list[Feedback]]:
    """The project's anonymous feedback link (or None) and its latest ``limit`` messages (2 queries)."""
    link = FeedbackLink.objects.filter(project=project).first()
    return link, list(Feedback.objects.filter(project=project).select_related("author")[:limit])


# --- Barriers ----------------------------------------------------------------------------------


@dataclass
class BarrierList:
    rows: list[Barrier]
    total: int
    open: int
    overdue: int
    pager: Pager


_BARRIER_SHOWN = {
    "open": Q(status__in=[Barrier.Status.OPEN, Barrier.Status.RESPONDED]),
    "closed": Q(status__in=[Barrier.Status.RESOLVED, Barrier.Status.NOT_POSSIBLE]),
    "all": Q(),
}


def barrier_list(
    *, access: ProjectAccess, user, show: str = "open", page: int = 1, params: Mapping[str, str] | None = None,
    per_page: int = LIST_PER_PAGE,
) -> BarrierList:  # fmt: skip
    """One page of the barriers this person may see, overdue first. Two queries, however many barriers.

    ``show`` is "open" (open or answered), "closed" (resolved or not possible) or "all"; ``per_page``
    a page (a page past the last shows the last; ``params``, the address's other parameters, are kept
    in the pager's links). ``total``, ``open`` and ``overdue`` count every barrier the person may see.
    """
    qs = Barrier.objects.filter(project=access.project)
    if not access.is_organiser:
        qs = qs.filter(Q(raised_by=user) | Q(shared=True))
    today = timezone.localdate()
    shown = _BARRIER_SHOWN.get(show, _BARRIER_SHOWN["open"])
    counts = qs.aggregate(
        open=Count("id", filter=Q(status=Barrier.Status.OPEN)),
        overdue=Count("id", filter=Q(status=Barrier.Status.OPEN, due_on__lt=today)),
        total=Count("id"),
        shown=Count("id", filter=shown) if shown else Count("id"),
    )
    pager = _clamped_pager(params, page=page, total=counts["shown"], per_page=per_page)
    ordered = qs.filter(shown).select_related("raised_by", "owner").order_by("closed_at", "due_on", "id")
    rows = list(ordered[pager.offset : pager.offset + pager.per_page])
    return BarrierList(rows=rows, total=counts["total"], open=counts["open"], overdue=counts["overdue"], pager=pager)


# --- You said, we did --------------------------------------------------------------------------


def response_list(*, project, limit: int = LIST_LIMIT) -> list[Response]:
    """The latest responses with what each answers: two queries, and one more for each registered kind of
    input (feedback/inputs.py) that some shown response links (its rows go on ``link.registered``)."""
    links = ResponseLink.objects.select_related("note", "theme", "feedback", "answer__check_in__meeting", "barrier")
    responses = list(
        Response.objects.filter(project=project)
        .select_related("created_by")
        .prefetch_related(Prefetch("links", queryset=links))[:limit]
    )
    wanted: dict[str, list[ResponseLink]] = {}
    for response in responses:
        for link in response.links.all():
            if link.input_kind:
                wanted.setdefault(link.input_kind, []).append(link)
    for key, kind_links in wanted.items():
        kind = input_kind(key)
        if kind is None:
            continue
        # What was said then, even if it would not count as an input now (hidden, or by someone now staff).
        rows = kind.rows(project, None).model._default_manager.filter(pk__in={link.input_id for link in kind_links})
        found = {row.pk: row for row in rows}
        for link in kind_links:
            link.registered = found.get(link.input_id)  # type: ignore[attr-defined]
    return responses


@dataclass
class InputGroup:
    kind: str
    rows: list
    unanswered: int
    total: int
    answered: int
    heading: str = ""
    pager: Pager | None = None


def _inputs(project) -> dict:
    """Each kind of input that can be answered, as a queryset of this project's rows: feedback's own five,
    then each registered kind (feedback/inputs.py)."""
    kinds = {
        "barrier": Barrier.objects.filter(project=project),
        "note": Note.objects.filter(project=project, hidden_at__isnull=True),
        "theme": Theme.objects.filter(project=project, status=Theme.Status.CONFIRMED),
        "answer": CheckInAnswer.objects.filter(project=project).exclude(feeling_text="", change_text=""),
        "feedback": Feedback.objects.filter(project=project),
    }
    for kind in input_kinds():
        kinds[kind.key] = kind.rows(project, None)
    return kinds


def _links_to(kind: str):
    """The response links to rows of ``kind``, for ``Exists``/``Subquery`` against ``OuterRef("pk")``."""
    if kind in INPUT_KINDS:
        return ResponseLink.objects.filter(**{kind: OuterRef("pk")})
    return ResponseLink.objects.filter(input_kind=kind, input_id=OuterRef("pk"))


def _linked_ids(kind: str, project):
    """The ids of this project's rows of ``kind`` that some response links to (a subquery, never NULL)."""
    if kind in INPUT_KINDS:
        return ResponseLink.objects.filter(project=project, **{f"{kind}__isnull": False}).values(kind)
    return ResponseLink.objects.filter(project=project, input_kind=kind).values("input_id")


def _not_answered(kind: str, project) -> Q | NegatedExpression[Combinable]:
    """Rows of this kind with no response linked (and, for barriers, still open; for a registered kind, not
    answered in place either). The linked ids are one subquery (``NOT IN``), read once, not a look-up a row."""
    q: Q | NegatedExpression[Combinable] = ~Q(pk__in=_linked_ids(kind, project))
    if kind == "barrier":
        q &= Q(status=Barrier.Status.OPEN)
    registered = input_kind(kind)
    if registered is not None and registered.answered_here is not None:
        q &= Q(IsNull(registered.answered_here(project, None), True))
    return q


def _counting(qs):
    """A queryset of one row and one column ``n``: how many rows ``qs`` has."""
    return qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")


def _count(qs) -> Subquery:
    """How many rows ``qs`` has, as a scalar subquery, so several counts share one query."""
    return Subquery(_counting(qs), output_field=IntegerField())


def _headings() -> dict[str, str]:
    return {kind.key: str(kind.heading) for kind in input_kinds()}


_REGISTERED_WAITING: dict[tuple, waiting.Fragment] = {}


def _registered_waiting(kind: InputKind, project) -> waiting.Fragment:
    """SQL for the ``created_at`` of each of the project's rows of a registered kind that wait for an answer.

    Compiled once per kind and project, then kept: the SQL depends only on the kind and the project's id and
    organisation (``InputKind.rows``), never on the time or on rows, which it reads when it runs."""
    key = (connection.vendor, kind, project.pk, project.organisation_id)
    found = _REGISTERED_WAITING.get(key)
    if found is None:
        qs = kind.rows(project, None).filter(_not_answered(kind.key, project)).order_by().values("created_at")
        found = waiting.compiled(qs)
        if len(_REGISTERED_WAITING) >= 512:
            _REGISTERED_WAITING.clear()
        _REGISTERED_WAITING[key] = found
    return found


def unanswered_inputs(
    *, project, days: int = UNANSWERED_AFTER_DAYS, kind: str | None = None, page: int = 1,
    params: Mapping[str, str] | None = None, per_page: int = LIST_PER_PAGE,
) -> list[InputGroup]:  # fmt: skip
    """What people told us that nobody has answered after ``days`` days, one kind at a time, oldest first.

    Every kind (feedback's own "barrier", "note", "theme", "answer", "feedback", then each registered kind,
    feedback/inputs.py) comes back with its heading and how many wait too long (``unanswered``); one of them,
    the ``kind`` asked for or else the first with something waiting, also has its ``total`` and ``answered``,
    one page of ``per_page`` rows and a ``pager`` (a page past the last shows the last; ``params`` are kept
    in its links). The others have ``total`` and ``answered`` 0, no rows and ``pager`` None.

    Three queries, however many inputs and kinds there are: one counts what waits too long of every kind
    (a count a kind, each a subquery of one statement), one counts the shown kind's total and answered, one
    reads the page of rows. Feedback's own kinds are hand-written SQL (feedback/waiting.py); registered kinds
    are their querysets.
    """
    cutoff = add_calendar_days(timezone.now(), -days)
    related = {"note": ("board",), "answer": ("check_in__meeting",), "barrier": ("raised_by",)}
    headings = _headings()
    # Feedback's own kinds as SQL (feedback/waiting.py), registered kinds as compiled querysets, one statement.
    registered = {kind.key: kind.rows(project, None) for kind in input_kinds()}
    late = [waiting.late_count(name, project.pk, cutoff) for name in waiting.OWN_KINDS] + [
        waiting.late_count_of(_registered_waiting(kind, project), cutoff) for kind in input_kinds()
    ]
    names = [*waiting.OWN_KINDS, *registered]
    counted = waiting.select_one(late)
    groups = [
        InputGroup(kind=name, rows=[], total=0, answered=0, unanswered=n or 0, heading=headings.get(name, ""))
        for name, n in zip(names, counted, strict=True)
    ]
    chosen = next((g for g in groups if g.kind == kind), None)
    if chosen is None:
        chosen = next((g for g in groups if g.unanswered), groups[0])
    chosen.pager = _clamped_pager(params, page=page, total=chosen.unanswered, per_page=per_page)
    offset = chosen.pager.offset
    if chosen.kind in registered:
        rows = registered[chosen.kind]
        not_answered = _not_answered(chosen.kind, project)
        figures = rows.aggregate(total=Count("id"), answered=Count("id", filter=~Q(not_answered)))
        chosen.total, chosen.answered = figures["total"] or 0, figures["answered"] or 0
        page_rows = rows.filter(not_answered, created_at__lt=cutoff).order_by("created_at", "id")
        chosen.rows = list(page_rows[offset : offset + per_page])
    else:
        chosen.total, chosen.answered = waiting.figures(chosen.kind, project.pk)
        chosen.rows = list(
            waiting.page_rows(
                chosen.kind, project.pk, cutoff, offset=offset, limit=per_page, related=related.get(chosen.kind, ())
            )
        )
    return groups


def inputs_to_link(*, project, limit: int = LIST_LIMIT) -> list[InputGroup]:
    """Recent inputs an organiser can link to a new response, unanswered first. Five queries, and one more
    for each registered kind of input (feedback/inputs.py)."""
    groups = []
    related = {"note": ("board",), "answer": ("check_in__meeting", "person"), "barrier": ("raised_by",)}
    headings = _headings()
    for kind, qs in _inputs(project).items():
        links = _count(_links_to(kind))
        rows = list(
            qs.annotate(n_links=links)
            .select_related(*related.get(kind, ()))
            .order_by("n_links", "-created_at", "-id")[:limit]
        )
        groups.append(
            InputGroup(kind=kind, rows=rows, unanswered=0, total=len(rows), answered=0, heading=headings.get(kind, ""))
        )
    return groups


def listening_measures(*, project) -> dict:
    """Figures for the co-production health check: is this project listening? Fixed query count: seven, and
    one more for each registered kind of input (feedback/inputs.py)."""
    today = timezone.localdate()
    response_time = ExpressionWrapper(F("responded_at") - F("created_at"), output_field=DurationField())
    barriers = Barrier.objects.filter(project=project).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=Barrier.Status.OPEN)),
        overdue=Count("id", filter=Q(status=Barrier.Status.OPEN, due_on__lt=today)),
        not_possible=Count("id", filter=Q(status=Barrier.Status.NOT_POSSIBLE)),
        average_response=Avg(response_time, filter=Q(responded_at__isnull=False)),
    )
    total = answered = 0
    for kind, qs in _inputs(project).items():
        counts = qs.aggregate(
            t=Count("pk", distinct=True), waiting=Count("pk", filter=_not_answered(kind, project), distinct=True)
        )
        total, answered = total + counts["t"], answered + counts["t"] - counts["waiting"]
    wait = ExpressionWrapper(F("answered_at") - F("input_created_at"), output_field=DurationField())
    average_answer = ResponseLink.objects.filter(project=project).aggregate(a=Avg(wait))["a"]
    check_ins = CheckInAnswer.objects.filter(project=project).aggregate(
        **{name: Avg(name) for name in SCALE_FIELDS}, answers=Count("id")
    )
    return {
        "barriers": barriers,
        "inputs": {"total": total, "answered": answered, "share_answered": (answered / total) if total else None},
        "average_time_to_answer": average_answer,
        "check_ins": check_ins,
    }


# --- Check-ins ---------------------------------------------------------------------------------


def check_in_results(*, check_in: CheckIn, limit: int = 200) -> dict:
    """One check-in's answers for its organisers: ``{"answers", "averages", "rows"}``. Two queries.

    ``averages`` maps each five-point question (``SCALE_FIELDS``) to its average (1 to 5, None when
    nobody answered it); ``rows`` gives the same as (question words, average) in the order asked.
    """
    answers = list(check_in.answers.select_related("person", "recorded_by")[:limit])
    averages = check_in.answers.aggregate(**{name: Avg(name) for name in SCALE_FIELDS})
    rows = [(label, averages[name]) for name, label in SCALE_QUESTIONS]
    return {"answers": answers, "averages": averages, "rows": rows}


@dataclass(frozen=True)
class BoardLink:
    """A board as the project page's listening panel links to it."""

    pk: int
    title: str


# The open boards and the barrier counts in one UNION ALL: the board rows first (kind 'board'), then one row of
# counts. Written as SQL, names from the models: the two querysets cost more to build than to run (issue 19).
_SUMMARY_SQL = """
SELECT * FROM (
  SELECT 'board' AS kind, b.{board.id} AS pk, b.{board.title} AS title, 0 AS open_count, 0 AS overdue_count
  FROM {board} b
  WHERE b.{board.project} = %(project)s AND b.{board.opens_at} <= %(now)s
    AND (b.{board.closes_at} IS NULL OR b.{board.closes_at} > %(now)s)
  ORDER BY b.{board.opens_at} DESC, b.{board.id} DESC LIMIT 5
) AS boards
UNION ALL
SELECT 'barriers', NULL, NULL,
       COUNT(CASE WHEN r.{barrier.status} = %(open)s THEN 1 END),
       COUNT(CASE WHEN r.{barrier.status} = %(open)s AND r.{barrier.due_on} < %(today)s THEN 1 END)
FROM {barrier} r
WHERE r.{barrier.project} = %(project)s {barrier_seen}
"""


@lru_cache(maxsize=4)
def _summary_sql(vendor: str, organiser: bool) -> str:
    """The summary's SQL for this database (``vendor`` keys the cache); members count only the barriers they
    raised or that are shared (organisers count all)."""
    barrier = Table(Barrier)
    seen = "" if organiser else f"AND (r.{barrier.raised_by} = %(user)s OR r.{barrier.shared} = %(shared)s)"
    return _SUMMARY_SQL.format(board=Table(Board), barrier=barrier, barrier_seen=seen)


def project_summary(*, project, access: ProjectAccess, user) -> dict:
    """What the project page shows about listening: ``{"boards": [BoardLink], "barriers": {"open", "overdue"}}``:
    up to five boards open now (newest first), and the open barriers the viewer can see, with how many are past
    their answer-by day. One query."""
    ops = connection.ops
    params = {
        "project": project.pk,
        "now": ops.adapt_datetimefield_value(timezone.now()),
        "today": ops.adapt_datefield_value(timezone.localdate()),
        "open": Barrier.Status.OPEN.value,
        "user": user.pk,
        "shared": True,
    }
    with connection.cursor() as cursor:
        cursor.execute(_summary_sql(connection.vendor, access.is_organiser), params)
        rows = cursor.fetchall()
    boards = [BoardLink(pk, title) for kind, pk, title, _open, _overdue in rows if kind == "board"]
    counts = next(row for row in rows if row[0] == "barriers")
    return {"boards": boards, "barriers": {"open": counts[3], "overdue": counts[4]}}


def meeting_check_in_panel(*, meeting, project, access: ProjectAccess, user) -> dict | None:
    """The check-in panel of the meeting page (``meetings.panels``): ``{"check_in": CheckIn or None}``.

    ``None`` (no panel) for a cancelled meeting, and for members when no check-in was ever opened
    (organisers are offered to open one). One query, none for a cancelled meeting.
    """
    if meeting.is_cancelled:
        return None
    check_in = CheckIn.objects.filter(meeting=meeting).first()
    if check_in is None and not access.is_organiser:
        return None
    return {"check_in": check_in}
