"""Every read a credits page needs, scoped to the viewer, at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404

from roundtable.accounts.models import Naming
from roundtable.credits.models import Contribution, ContributionType, CreditProfile, Output, OutputCredit
from roundtable.credits.naming import credited_name, is_named


def my_contributions(*, user) -> dict:
    """All of a person's contributions, across every project and organisation (2 queries)."""
    rows = list(
        Contribution.objects.filter(person=user)
        .select_related("project__organisation", "type", "meeting")
        .order_by("project__organisation__name", "project__title", "project_id", "-date", "-pk")
    )
    projects: OrderedDict[int, dict] = OrderedDict()
    for row in rows:
        group = projects.setdefault(row.project_id, {"project": row.project, "rows": []})
        group["rows"].append(row)
    credits = list(
        OutputCredit.objects.filter(person=user).select_related("output__project").order_by("-output__created_at")
    )
    return {"projects": list(projects.values()), "credits": credits, "count": len(rows)}


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
    """Contributors by type, each named as their profile says; those not to be mentioned are left out (1 query)."""
    rows = (
        Contribution.objects.filter(project=project, status=Contribution.Status.CONFIRMED)
        .select_related("type", "person__profile")
        .order_by("type__order", "person__full_name", "person_id")
    )
    groups: OrderedDict[int, TypeGroup] = OrderedDict()
    seen: set[tuple[int, int]] = set()
    for row in rows:
        if (row.type_id, row.person_id) in seen:
            continue
        seen.add((row.type_id, row.person_id))
        if row.person.is_former_member:
            groups.setdefault(row.type_id, TypeGroup(type=row.type)).former += 1
            continue
        profile = getattr(row.person, "profile", None)
        naming = profile.naming if profile else Naming.ANONYMOUS
        pseudonym = profile.pseudonym if profile else ""
        name = credited_name(
            naming=naming, full_name=row.person.full_name, short_name=row.person.short_name, pseudonym=pseudonym
        )
        if name is None:
            continue
        group = groups.setdefault(row.type_id, TypeGroup(type=row.type))
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
    """A person's confirmed contributions by organisation and project: dates, hours and kinds of help (1 query)."""
    rows = (
        Contribution.objects.filter(person=user, status=Contribution.Status.CONFIRMED)
        .select_related("project__organisation", "type")
        .order_by("project__organisation__name", "project__title", "project_id", "date")
    )
    organisations: OrderedDict[int, CertificateOrganisation] = OrderedDict()
    projects: dict[int, CertificateProject] = {}
    for row in rows:
        org = row.project.organisation
        group = organisations.setdefault(org.pk, CertificateOrganisation(name=org.name, projects=[]))
        item = projects.get(row.project_id)
        if item is None:
            item = CertificateProject(
                title=row.project.title, first=row.date, last=row.date, hours=Decimal(0), types=[]
            )
            projects[row.project_id] = item
            group.projects.append(item)
        item.first, item.last = min(item.first, row.date), max(item.last, row.date)
        item.hours += row.hours or Decimal(0)
        if row.type.name not in item.types:
            item.types.append(row.type.name)
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
