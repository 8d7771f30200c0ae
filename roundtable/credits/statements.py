"""The acknowledgement paragraph and the contributor roles statement for one output.

Each person is named exactly as they chose for this output (``OutputCredit``), never more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roundtable.accounts.models import Naming
from roundtable.credits.models import ContributionType, Degree
from roundtable.credits.naming import anonymous_label, credited_name, former_member_label, is_named
from roundtable.credits.types import CREDIT_ROLES, credit_uri

STRENGTH: dict[str, int] = {Degree.LEAD: 3, Degree.EQUAL: 2, Degree.SUPPORTING: 1}


@dataclass
class Credited:
    """One person as the output names them. ``former``: their account is deleted (``User.is_former_member``):
    never named, and never said to have asked for that."""

    name: str
    named: bool
    orcid: str = ""
    former: bool = False
    contributions: list[tuple[ContributionType, str]] = field(default_factory=list)  # (type, degree)

    def credit_roles(self) -> list[tuple[str, str]]:
        best: dict[str, str] = {}
        for kind, degree in self.contributions:
            for role in kind.credit_roles:
                if role in CREDIT_ROLES and STRENGTH[degree] > STRENGTH.get(best.get(role, ""), 0):
                    best[role] = degree
        return [(role, best[role]) for role in CREDIT_ROLES if role in best]

    def types(self) -> list[tuple[ContributionType, str]]:
        best: dict[int, tuple[ContributionType, str]] = {}
        for kind, degree in self.contributions:
            if kind.pk not in best or STRENGTH[degree] > STRENGTH[best[kind.pk][1]]:
                best[kind.pk] = (kind, degree)
        return sorted(best.values(), key=lambda pair: (pair[0].order, pair[0].pk))


def credited_people(output) -> list[Credited]:
    """Everyone the output may mention, in the order of its credits; those not to be mentioned are left out.

    Needs ``output.credits`` (with person and the person's credit profile) and ``output.contributions``
    (with type) prefetched to stay at a fixed number of queries.
    """
    by_person: dict[int, list] = {}
    for contribution in output.contributions.all():
        by_person.setdefault(contribution.person_id, []).append((contribution.type, contribution.degree))
    people = []
    for credit in output.credits.all():
        person = credit.person
        if person.is_former_member:
            people.append(Credited(name=former_member_label(), named=False, former=True,
                                   contributions=by_person.get(person.pk, [])))  # fmt: skip
            continue
        name = credited_name(
            naming=credit.naming, full_name=person.full_name, short_name=person.short_name, pseudonym=credit.pseudonym
        )
        if name is None:
            continue
        orcid = ""
        if credit.naming == Naming.FULL_NAME:
            profile = getattr(person, "credit_profile", None)
            orcid = profile.orcid if profile else ""
        people.append(
            Credited(
                name=name,
                named=is_named(credit.naming, credit.pseudonym),
                orcid=orcid,
                contributions=by_person.get(person.pk, []),
            )
        )
    return people


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def acknowledgement(output, people: list[Credited] | None = None) -> str:
    people = credited_people(output) if people is None else people
    names = [p.name for p in people if p.named]
    anonymous = sum(1 for p in people if not p.named and not p.former)
    former = sum(1 for p in people if p.former)
    if anonymous:
        names.append(
            ngettext(
                "%(n)s parent carer who asked us not to use their name",
                "%(n)s parent carers who asked us not to use their names",
                anonymous,
            )
            % {"n": anonymous}
        )
    if former:
        names.append(ngettext("%(n)s former member", "%(n)s former members", former) % {"n": former})
    if not names:
        return ""
    return _(
        "We thank %(people)s for their help with “%(title)s”. They gave their time and shared their lived "
        "experience, and this work is better for it."
    ) % {"people": _join(names), "title": output.title}


def roles_statement(output, people: list[Credited] | None = None) -> str:
    """Plain text: one line a person, our words first and then the CRediT roles."""
    people = credited_people(output) if people is None else people
    lines = []
    degrees = dict(Degree.choices)
    for person in people:
        ours = "; ".join(f"{kind.name} ({str(degrees[degree]).lower()})" for kind, degree in person.types())
        credit = ", ".join(f"{CREDIT_ROLES[role]} ({degree})" for role, degree in person.credit_roles())
        name = person.name if person.named or person.former else anonymous_label().capitalize()
        line = f"{name}: {ours}."
        if credit:
            line += " " + _("CRediT roles: %(roles)s.") % {"roles": credit}
        if person.orcid:
            line += f" ORCID: https://orcid.org/{person.orcid}"
        lines.append(line)
    return "\n".join(lines)


def roles_data(output, people: list[Credited] | None = None) -> dict:
    """The machine-readable statement, with CRediT role identifiers."""
    people = credited_people(output) if people is None else people
    return {
        "title": output.title,
        "kind": output.kind,
        "link": output.link,
        "contributors": [
            {
                "name": person.name,
                "anonymous": not person.named,
                **({"former_member": True} if person.former else {}),
                **({"orcid": f"https://orcid.org/{person.orcid}"} if person.orcid else {}),
                "credit": [
                    {"role": CREDIT_ROLES[role], "id": credit_uri(role), "degree": degree}
                    for role, degree in person.credit_roles()
                ],
                "contributions": [
                    {"type": kind.slug, "label": kind.name, "degree": degree} for kind, degree in person.types()
                ],
            }
            for person in people
        ],
    }


def roles_json(output, people: list[Credited] | None = None) -> str:
    return json.dumps(roles_data(output, people), ensure_ascii=False, indent=2)
