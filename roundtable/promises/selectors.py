"""Reads for the promises pages: the organisation's audit log, its notice words, its panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.audit.models import AuditEvent
from roundtable.projects.models import StaffRole
from roundtable.promises.kinds import kind_name
from roundtable.promises.models import NoticeWords, OrganisationExport

PAGE_SIZE = 50
PEOPLE_LIMIT = 20
RECENT_EXPORTS = 5


def organisation_panel(*, organisation, roles, user) -> dict | None:
    """The organisation page's links to its privacy notice, audit log and export: admins only. No query."""
    return {} if StaffRole.ADMIN in roles else None


def notice_words(*, organisation) -> dict[str, tuple[str, str]]:
    """Section key -> (heading, words) the organisation's admin wrote (one query)."""
    return {w.section: (w.heading, w.words) for w in NoticeWords.objects.filter(organisation=organisation)}


@dataclass(frozen=True)
class AuditFilters:
    """What the admin asked for. ``person``: words matched against people's names and emails;
    ``kind``: an action's first word; ``since``/``until``: London dates, both ends included;
    ``after``: the keyset cursor (created_at, id) of the last row of the page before."""

    person: str = ""
    kind: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    after: tuple[dt.datetime, int] | None = None

    def as_details(self) -> dict[str, str]:
        """The filters for the audit row that records the reading (no cursor)."""
        out = {"person": self.person, "kind": self.kind}
        out["since"] = self.since.isoformat() if self.since else ""
        out["until"] = self.until.isoformat() if self.until else ""
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One line of the log page, ready to print: no model objects, so a page costs one plain read.

    ``when``: the aware time (UTC); ``when_iso``: London time to the second for ``<time datetime>``;
    ``when_text``: London time as "5 Mar 2026, 14:05"; ``actor``/``subject``: the person's name (or email,
    or "Person <id>", as ``User.__str__``), "" when there is none; ``kind_name``: the kind's plain name."""

    id: int
    when: dt.datetime
    when_iso: str
    when_text: str
    actor: str
    subject: str
    action: str
    kind: str
    kind_name: str
    summary: str
    by_proxy: bool


_ROW_FIELDS = (
    "id", "created_at", "action", "kind", "summary", "by_proxy",
    "actor_id", "actor__full_name", "actor__email", "subject_id", "subject__full_name", "subject__email",
)  # fmt: skip


def _person_name(pk: int | None, full_name: str | None, email: str | None) -> str:
    if pk is None:
        return ""
    return full_name or email or f"Person {pk}"


def _audit_rows(values: list[dict]) -> list[AuditRow]:
    """Plain rows from ``values(*_ROW_FIELDS)``; London times formatted here (the month names translated once)."""
    from django.utils.dates import MONTHS_3

    months = {n: str(name).title() for n, name in MONTHS_3.items()}
    london = timezone.get_default_timezone()
    rows = []
    for v in values:
        local = v["created_at"].astimezone(london)
        rows.append(
            AuditRow(
                id=v["id"],
                when=v["created_at"],
                when_iso=local.replace(microsecond=0).isoformat(),
                when_text=f"{local.day} {months[local.month]} {local.year}, {local:%H:%M}",
                actor=_person_name(v["actor_id"], v["actor__full_name"], v["actor__email"]),
                subject=_person_name(v["subject_id"], v["subject__full_name"], v["subject__email"]),
                action=v["action"],
                kind=v["kind"],
                kind_name=kind_name(v["kind"]),
                summary=v["summary"],
                by_proxy=v["by_proxy"],
            )
        )
    return rows


@dataclass
class AuditPage:
    """One page of the log: ``rows`` (newest first, ``AuditRow``), ``next_cursor`` ("" on the last page),
    ``people`` (who the person words matched, at most PEOPLE_LIMIT), ``no_person`` (words matched nobody)."""

    rows: list[AuditRow]
    next_cursor: str = ""
    people: list[User] = field(default_factory=list)
    no_person: bool = False


def encode_cursor(event: AuditEvent | AuditRow) -> str:
    """A row's place in the log, for the "older" link: microseconds since 1970, a dash, the id."""
    when = event.when if isinstance(event, AuditRow) else event.created_at
    micros = int(when.timestamp()) * 1_000_000 + when.microsecond
    return f"{micros}-{event.pk if isinstance(event, AuditEvent) else event.id}"


def decode_cursor(text: str) -> tuple[dt.datetime, int] | None:
    """The (created_at, id) in a cursor, or None if it is not one of ours."""
    micros, _sep, pk = (text or "").partition("-")
    if not (micros.isdigit() and pk.isdigit()) or len(micros) > 20 or len(pk) > 19:
        return None
    seconds, rest = divmod(int(micros), 1_000_000)
    try:
        when = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).replace(microsecond=rest)
    except (OverflowError, OSError, ValueError):
        return None
    return when, int(pk)


def _london_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def audit_events(
    *, organisation, filters: AuditFilters, split_people: bool = False
) -> tuple[QuerySet[AuditEvent], list[User], bool]:
    """The organisation's audit rows matching ``filters``, newest first (unsliced), with who the person
    words matched. Only rows whose ``organisation_id`` is this organisation's; another's never show.
    Each filter has an index on AuditEvent that yields its rows already in order (audit migration 0003)."""
    rows = AuditEvent.objects.filter(organisation_id=organisation.pk)
    people: list[User] = []
    if filters.person:
        words = filters.person.strip()
        people = list(
            User.objects.filter(Q(full_name__icontains=words) | Q(email__icontains=words)).order_by("full_name", "id")[
                :PEOPLE_LIMIT
            ]
        )
        if not people:
            return rows.none(), [], True
        ids = [p.pk for p in people]
        if not split_people:  # ``split_people``: the caller reads who acted and to whom apart (audit_page)
            rows = rows.filter(Q(actor_id__in=ids) | Q(subject_id__in=ids))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.since:
        rows = rows.filter(created_at__gte=_london_start(filters.since))
    if filters.until:
        rows = rows.filter(created_at__lt=_london_start(filters.until + dt.timedelta(days=1)))
    return rows.order_by("-created_at", "-id"), people, False


def audit_page(*, organisation, filters: AuditFilters, size: int = PAGE_SIZE) -> AuditPage:
    """One page of the log after the cursor: one query (three with person words), whatever the log's size.

    The rows are read as plain values (the page needs names, not whole people) and made into ``AuditRow``.
    With person words, the rows they did and the rows done to them are read apart, each walking its own
    index already in order, and merged: one query with "actor or subject" cannot use either index, and at a
    million rows it was the slowest page."""
    rows, people, no_person = audit_events(organisation=organisation, filters=filters, split_people=True)
    if no_person:
        return AuditPage(rows=[], people=[], no_person=True)
    if filters.after:
        when, pk = filters.after
        # The plain range first lets the database walk the index from the cursor; the OR settles ties.
        rows = rows.filter(created_at__lte=when).filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=pk))
    if people:
        ids = [p.pk for p in people]
        merged: dict[int, dict] = {}
        for part in (rows.filter(actor_id__in=ids), rows.filter(subject_id__in=ids)):
            merged.update((v["id"], v) for v in part.values(*_ROW_FIELDS)[: size + 1])
        values = sorted(merged.values(), key=lambda v: (v["created_at"], v["id"]), reverse=True)[: size + 1]
    else:
        values = list(rows.values(*_ROW_FIELDS)[: size + 1])
    found = _audit_rows(values)
    page = AuditPage(rows=found[:size], people=people)
    if len(found) > size:
        page.next_cursor = encode_cursor(found[size - 1])
    return page


def audit_rows_for_csv(*, organisation, filters: AuditFilters) -> Iterator[AuditEvent]:
    """Every matching row, newest first, read in chunks (a CSV of a million rows is never all in memory)."""
    rows, _people, no_person = audit_events(organisation=organisation, filters=filters)
    if no_person:
        return iter(())
    return rows.select_related("actor", "subject").iterator(chunk_size=2000)


def recent_exports(*, organisation) -> list[OrganisationExport]:
    """The organisation's latest exports, newest first, with who asked (one query)."""
    exports = OrganisationExport.objects.filter(organisation=organisation).select_related("asked_by")
    return list(exports[:RECENT_EXPORTS])
