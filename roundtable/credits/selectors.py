"""Every read a credits page needs, scoped to the viewer, at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from django.db import connection
from django.db.models import Case, IntegerField, Max, Min, Prefetch, Sum, Value, When
from django.http import Http404

from roundtable.accounts.models import Naming, User
from roundtable.credits.models import Contribution, ContributionType, CreditProfile, Output, OutputCredit
from roundtable.credits.naming import credited_name, is_named
from roundtable.lib.paging import Pager
from roundtable.lib.rawsql import Table
from roundtable.projects.models import Organisation, Project

CONTRIBUTIONS_PER_PAGE = 25


def _clamped_pager(params, *, page: int, total: int, per_page: int) -> Pager:
    """The shared pager (lib/paging.py) for ``page``, a page past the last showing the last."""
    pages = max(1, -(-total // per_page))
    return Pager.build(page=min(max(1, page), pages), per_page=per_page, total=total, query=params)


@dataclass(frozen=True)
class HelpRow:
    """One piece of help on "my contributions": the day, the kind (``type_name``), ``degree`` and ``status``
    (their stored values), the project's title, the words, and ``hours`` (Decimal hours or None)."""

    pk: int
    date: dt.date
    type_name: str
    degree: str
    project_title: str
    description: str
    hours: Decimal | None
    status: str


# "My contributions" is two statements written as SQL (names from the models, values as parameters): built
# with the ORM, its grouping and its page of rows joined to project and type cost more to compile than to run.
_PROJECTS_SQL = """
SELECT c.{c.project}, p.{p.title}, o.{o.name}, COUNT(*), SUM(c.{c.hours}),
       COUNT(CASE WHEN c.{c.status} = %s THEN 1 END)
FROM {c} c JOIN {p} p ON p.{p.id} = c.{c.project} JOIN {o} o ON o.{o.id} = p.{p.organisation}
WHERE c.{c.person} = %s
GROUP BY c.{c.project}, p.{p.title}, o.{o.name}
ORDER BY o.{o.name}, p.{p.title}, c.{c.project}
"""
# The page's ids first (from the person-and-date index alone), then only those rows joined to their project
# and type: joining before the limit would join and sort every one of the person's rows.
_ROWS_SQL = """
SELECT c.{c.id}, c.{c.date}, t.{t.name}, c.{c.degree}, p.{p.title}, c.{c.description}, c.{c.hours}, c.{c.status}
FROM {c} c JOIN {t} t ON t.{t.id} = c.{c.type} JOIN {p} p ON p.{p.id} = c.{c.project}
WHERE c.{c.id} IN (
  SELECT m.{c.id} FROM {c} m WHERE m.{c.person} = %s ORDER BY m.{c.date} DESC, m.{c.id} DESC LIMIT %s OFFSET %s
)
ORDER BY c.{c.date} DESC, c.{c.id} DESC
"""


@lru_cache(maxsize=4)
def _mine_sql(vendor: str) -> tuple[str, str]:
    """(projects, rows) for this database (``vendor`` keys the cache)."""
    names = {"c": Table(Contribution), "p": Table(Project), "o": Table(Organisation), "t": Table(ContributionType)}
    return _PROJECTS_SQL.format(**names), _ROWS_SQL.format(**names)


def _hours(value) -> Decimal | None:
    """A number of hours from the database as the ORM gives it: Decimal to the hundredth (SQLite gives floats)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(repr(value)).quantize(Decimal("0.01"))


def _day(value) -> dt.date:
    """A date column as a date (SQLite gives its text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def my_contributions(*, user, page: int = 1, params=None) -> dict:
    """A person's help across every project: a line a project, then one page of every piece of help (3 queries).

    Shape: ``{"projects": [{"project_id", "title", "organisation", "count", "hours" (Decimal hours or
    None), "waiting"}], "rows": [HelpRow], "pager": lib.paging.Pager, "credits": [OutputCredit], "count":
    int}``. ``projects`` are in organisation then project order; ``rows`` newest first,
    ``CONTRIBUTIONS_PER_PAGE`` a page (``page`` past the last shows the last; ``params`` are the address's
    other parameters, kept in the pager's links). The page's cost does not grow with the number of
    contributions: the rows are a slice, the totals are counted by the database.
    """
    projects_sql, rows_sql = _mine_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(projects_sql, [Contribution.Status.SUGGESTED.value, user.pk])
        projects = [
            {"project_id": pk, "title": title, "organisation": name, "count": n, "hours": _hours(hours),
             "waiting": waiting}
            for pk, title, name, n, hours, waiting in cursor.fetchall()
        ]  # fmt: skip
    total = sum(p["count"] for p in projects)
    pager = _clamped_pager(params, page=page, total=total, per_page=CONTRIBUTIONS_PER_PAGE)
    rows = []
    if total:
        with connection.cursor() as cursor:
            cursor.execute(rows_sql, [user.pk, pager.per_page, pager.offset])
            rows = [
                HelpRow(pk, _day(day), type_name, degree, title, description, _hours(hours), status)
                for pk, day, type_name, degree, title, description, hours, status in cursor.fetchall()
            ]
    credits = list(
        OutputCredit.objects.filter(person=user).select_related("output__project").order_by("-output__created_at")
    )
    return {"projects": projects, "rows": rows, "pager": pager, "credits": credits, "count": total}


def project_ledger(*, project) -> list[Contribution]:
    """The project's contributions, those waiting for a check first (1 query)."""
    waiting_first = Case(
        When(status=Contribution.Status.SUGGESTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        Contribution.objects.filter(project=project)
        .select_related("person", "type", "meeting")
        .order_by(waiting_first, "-date", "-pk")[:500]
    )


def confirmed_for_output(*, project) -> list[Contribution]:
    return list(
        Contribution.objects.filter(project=project, status=Contribution.Status.CONFIRMED)
        .select_related("person", "type")
        .order_by("person__full_name", "-date", "-pk")
    )


def output_list(*, project) -> list[Output]:
    return list(Output.objects.filter(project=project))


def output_detail(*, project, output_id: int) -> Output:
    """One output with everything its statements need (3 queries)."""
    output = (
        Output.objects.filter(project=project, pk=output_id)
        .prefetch_related(
            Prefetch("credits", queryset=OutputCredit.objects.select_related("person__credit_profile")),
            Prefetch("contributions", queryset=Contribution.objects.select_related("type")),
        )
        .first()
    )
    if output is None:
        raise Http404
    return output


@dataclass
class TypeGroup:
    type: ContributionType
    names: list[str] = field(default_factory=list)
    anonymous: int = 0
    former: int = 0  # people whose account is deleted: not named, and not said to have asked for that


def project_people(*, project) -> list[TypeGroup]:
    """Contributors by type, each named as their profile says; those not to be mentioned are left out (2 queries).

    Shape: ``[TypeGroup(type, names=[str], anonymous=int)]`` in the types' order, names in the order of
    full names. The database gives one row per type and person (plain values, no model objects), so
    the page stays quick with hundreds of people.
    """
    types = {t.pk: t for t in ContributionType.objects.all()}
    rows = (
        Contribution.objects.filter(project=project, status=Contribution.Status.CONFIRMED)
        .values_list(
            "type_id", "person_id", "person__full_name", "person__known_as", "person__profile__naming",
            "person__profile__pseudonym", "person__email", "person__is_active",
        )
        .order_by("type__order", "type_id", "person__full_name", "person_id")
        .distinct()
    )  # fmt: skip
    groups: OrderedDict[int, TypeGroup] = OrderedDict()
    short_name = User.short_name.fget  # type: ignore[attr-defined]  # the one rule for a short name, on plain values
    is_former = User.is_former_member.fget  # type: ignore[attr-defined]  # and for "a former member"
    for type_id, _person_id, full_name, known_as, naming, pseudonym, email, is_active in rows:
        if is_former(SimpleNamespace(full_name=full_name, email=email, is_active=is_active)):
            groups.setdefault(type_id, TypeGroup(type=types[type_id])).former += 1
            continue
        naming = naming or Naming.ANONYMOUS  # no profile yet: not named
        pseudonym = pseudonym or ""
        name = credited_name(
            naming=naming,
            full_name=full_name,
            short_name=short_name(SimpleNamespace(known_as=known_as, full_name=full_name)),
            pseudonym=pseudonym,
        )
        if name is None:
            continue
        group = groups.get(type_id)
        if group is None:
            group = groups[type_id] = TypeGroup(type=types[type_id])
        if is_named(naming, pseudonym):
            group.names.append(name)
        else:
            group.anonymous += 1
    return list(groups.values())


@dataclass
class CertificateProject:
    title: str
    first: dt.date
    last: dt.date
    hours: Decimal
    types: list[str]


@dataclass
class CertificateOrganisation:
    name: str
    projects: list[CertificateProject]


def certificate_data(*, user) -> list[CertificateOrganisation]:
    """A person's confirmed contributions by organisation and project: dates, hours and kinds of help (1 query).

    Summed by the database, one row for each project and kind of help, so 2,000 entries cost no more
    than 20: ``first``/``last`` are the first and last dates of help, ``hours`` the Decimal hours added
    up (entries without hours count 0), ``types`` the kinds of help in the order they were first given.
    """
    rows = (
        Contribution.objects.filter(person=user, status=Contribution.Status.CONFIRMED)
        .values("project_id", "project__title", "project__organisation_id", "project__organisation__name", "type__name")
        .annotate(first=Min("date"), last=Max("date"), hours=Sum("hours"))
        .order_by("project__organisation__name", "project__organisation_id", "project__title", "project_id", "first")
    )
    organisations: OrderedDict[int, CertificateOrganisation] = OrderedDict()
    projects: dict[int, CertificateProject] = {}
    for row in rows:
        org_id = row["project__organisation_id"]
        group = organisations.get(org_id)
        if group is None:
            name = row["project__organisation__name"]
            group = organisations[org_id] = CertificateOrganisation(name=name, projects=[])
        item = projects.get(row["project_id"])
        if item is None:
            item = CertificateProject(
                title=row["project__title"], first=row["first"], last=row["last"], hours=Decimal(0), types=[]
            )
            projects[row["project_id"]] = item
            group.projects.append(item)
        item.first, item.last = min(item.first, row["first"]), max(item.last, row["last"])
        item.hours += row["hours"] or Decimal(0)
        if row["type__name"] not in item.types:
            item.types.append(row["type__name"])
    return list(organisations.values())


def project_panel(*, project, access, user) -> dict:
    """The project page's panel for this app (``projects.panels``): links only, so no data and no queries."""
    return {}


def my_credit_profile(*, user) -> CreditProfile | None:
    """The person's own credit profile (their ORCID iD), or None before they saved one (1 query)."""
    return CreditProfile.objects.filter(user=user).first()


def project_contribution(*, project, contribution_id: int) -> Contribution:
    """One contribution of this project; Http404 for another project's or none (1 query)."""
    found = Contribution.objects.filter(project=project, pk=contribution_id).first()
    if found is None:
        raise Http404
    return found


def my_output_credit(*, user, output_id: int) -> OutputCredit:
    """The viewer's own credit on an output, with the output and its project; Http404 when the person
    is not credited on it, so nobody learns an output exists by guessing its number (1 query)."""
    credit = OutputCredit.objects.select_related("output__project").filter(output_id=output_id, person=user).first()
    if credit is None:
        raise Http404
    return credit
