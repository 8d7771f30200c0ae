"""Who a report may name, and how: each person exactly as they agreed (credits' naming consent).

The rule itself lives in ``roundtable/credits/naming.py`` (``credited_name`` and ``is_named``); the
choice is the person's own, in their profile, as on the project's "people behind it" page, unless they
chose something stricter for one of the project's outputs (a paper, a leaflet): then that. When in
doubt (no profile, a made-up name left empty, "not my name" or "do not mention me") the person is
not named. ``Naming.redact`` takes out of any text the names of people who did not agree to them, so
an organiser's edited words cannot name someone either.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.db.models import Q

from roundtable.accounts.models import Naming as NamingChoice
from roundtable.credits.models import Contribution, OutputCredit
from roundtable.credits.naming import anonymous_label, credited_name, is_named
from roundtable.projects.models import Membership, Project


@dataclass
class Naming:
    """The people of a project as a report may show them.

    ``names``: the names people agreed to, sorted. ``unnamed``: how many people took part without a
    name ("a parent carer"), ``not_mentioned``: how many asked not to be mentioned at all.
    ``swaps``: (a name that must not appear, what stands in its place), longest first.
    """

    names: list[str] = field(default_factory=list)
    unnamed: int = 0
    not_mentioned: int = 0
    swaps: list[tuple[str, str]] = field(default_factory=list)

    def redact(self, text: str) -> tuple[str, int]:
        """``text`` with every name a person did not agree to replaced; returns (text, how many replaced)."""
        count = 0
        for name, stand_in in self.swaps:
            pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
            text, found = pattern.subn(functools.partial(_swap, stand_in), text)
            count += found
        return text, count


def _swap(stand_in: str, match: re.Match[str]) -> str:
    return _cased(stand_in, match.string, match.start())


def _cased(stand_in: str, text: str, at: int) -> str:
    """``stand_in`` with a capital letter where a sentence, a line or a list item starts at ``at``."""
    before = text[:at].rstrip(" ")
    if not before or before.endswith(("\n", ".", "!", "?", "\n-")) or before == "-":
        return stand_in[:1].upper() + stand_in[1:]
    return stand_in


# From most to least named. An unknown choice counts as the strictest.
STRICTNESS = {
    NamingChoice.FULL_NAME: 0,
    NamingChoice.FIRST_NAME: 1,
    NamingChoice.PSEUDONYM: 2,
    NamingChoice.ANONYMOUS: 3,
    NamingChoice.NOT_NAMED: 4,
}


def project_naming(project: Project) -> Naming:
    """Everyone who was a member of ``project`` (any status) or has a confirmed contribution to it, named as
    they chose: their profile's choice, or a stricter one they made for any of the project's outputs
    (3 queries). Staff who are not members are not included."""
    members = Membership.objects.filter(project=project).exclude(status=Membership.Status.REMOVED)
    people = {m.user_id: m.user for m in members.select_related("user__profile")}
    contributors = Contribution.objects.filter(project=project, status=Contribution.Status.CONFIRMED).exclude(
        Q(person_id__in=list(people))
    )
    for row in contributors.select_related("person__profile"):
        people.setdefault(row.person_id, row.person)
    # Choices a person made for one of this project's outputs (a paper, a leaflet) count too: the strictest wins.
    chosen: dict[int, list[tuple[str, str]]] = {}
    for person_id, naming, pseudonym in OutputCredit.objects.filter(
        output__project=project, chosen_at__isnull=False
    ).values_list("person_id", "naming", "pseudonym"):
        chosen.setdefault(person_id, []).append((naming, pseudonym))
    result = Naming()
    swaps: dict[str, str] = {}
    for user in people.values():
        profile = getattr(user, "profile", None)
        choices = [(profile.naming, profile.pseudonym) if profile else (NamingChoice.NOT_NAMED, "")]
        naming, pseudonym = max(choices + chosen.get(user.pk, []), key=lambda choice: STRICTNESS.get(choice[0], 99))
        shown = credited_name(naming=naming, full_name=user.full_name, short_name=user.short_name, pseudonym=pseudonym)
        own = [n for n in (user.full_name.strip(), user.short_name.strip()) if n]
        if shown is not None and is_named(naming, pseudonym):
            result.names.append(shown)
            for name in own:
                if name != shown and name not in shown.split():
                    swaps.setdefault(name, shown)
            continue
        if shown is None:
            result.not_mentioned += 1
        else:
            result.unnamed += 1
        for name in own:
            swaps[name] = anonymous_label()
    result.names.sort(key=str.casefold)
    result.swaps = sorted(swaps.items(), key=lambda pair: -len(pair[0]))
    return result
