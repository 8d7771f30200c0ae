"""Who a report may name, and how: each person exactly as they agreed (credits' naming consent).

The rule itself lives in ``roundtable/credits/naming.py`` (``credited_name`` and ``is_named``); the
choice is the person's own, in their profile, as on the project's "people behind it" page, unless they
chose something stricter for one of the project's outputs (a paper, a leaflet): then that. When in
doubt (no profile, a made-up name left empty, "not my name" or "do not mention me") the person is
not named. ``Naming.redact`` takes out of any text the names of people who did not agree to them, so
an organiser's edited words cannot name someone either: in any case, as whole words, the full name
first, then the short name and the given and family names on their own ("HASSAN", "Mrs Hassan").
A given name shared with someone who may not be named goes too: the stricter choice wins.
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

# Titles people put before a family name ("Mrs Hassan"): taken out along with the name they go with.
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame")


def _key(name: str) -> str:
    """A name as compared: any case, any run of spaces."""
    return " ".join(name.split()).casefold()


def _name_pattern(name: str) -> str:
    return r"\s+".join(re.escape(word) for word in name.split())


@dataclass
class Naming:
    """The people of a project as a report may show them.

    ``names``: the names people agreed to, sorted. ``unnamed``: how many people took part without a
    name ("a parent carer"), ``not_mentioned``: how many asked not to be mentioned at all.
    ``swaps``: (a name that must not appear, what stands in its place), longest first: full names, the
    short names people go by, and their given and family names on their own.
    ``kept``: names people agreed to, left as they are even where a swap's word is part of them.
    """

    names: list[str] = field(default_factory=list)
    unnamed: int = 0
    not_mentioned: int = 0
    swaps: list[tuple[str, str]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        names = sorted({*(name for name, _ in self.swaps), *self.kept}, key=lambda n: -len(n))
        if not names:
            return None
        alternatives = "|".join(_name_pattern(n) for n in names)
        titles = "|".join(TITLES)
        return re.compile(
            rf"(?<!\w)(?:(?P<the>the\s+)(?P<family_of>{alternatives})\s+family"
            rf"|(?P<name>{alternatives})|(?:{titles})\.?\s+(?P<titled>{alternatives}))(?!\w)",
            re.IGNORECASE,
        )

    def redact(self, text: str) -> tuple[str, int]:
        """``text`` with every name a person did not agree to replaced; returns (text, how many replaced).

        Names match in any case and only as whole words: "amira hassan", "HASSAN", "Mrs Hassan" (the title
        goes too) and "the Hassan family" ("the family of ...") all count. Longer names match first, so a
        full name becomes one stand-in, not two, and a name with no title before a title with a name
        ("Dr Ann Lee" as agreed, not "Dr" and "Ann"). Names people agreed to (``kept``) stay as written.
        """
        pattern = self._pattern
        if pattern is None or not text:
            return text, 0
        swaps = {_key(name): stand_in for name, stand_in in self.swaps}
        count = 0

        def replace(match: re.Match[str]) -> str:
            nonlocal count
            found = match.group("family_of") or match.group("name") or match.group("titled")
            stand_in = swaps.get(_key(found))
            if stand_in is None:  # a name someone agreed to: leave it, title and all
                return match.group(0)
            count += 1
            if match.group("family_of"):
                words = f"{match.group('the')}family of {stand_in}"
                return _cased(words, match.string, match.start())
            return _cased(stand_in, match.string, match.start())

        return pattern.sub(replace, text), count


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
    swaps: dict[str, tuple[str, str]] = {}  # by _key: (the name as written, its stand-in)
    kept: dict[str, str] = {}
    for user in people.values():
        profile = getattr(user, "profile", None)
        choices = [(profile.naming, profile.pseudonym) if profile else (NamingChoice.NOT_NAMED, "")]
        naming, pseudonym = max(choices + chosen.get(user.pk, []), key=lambda choice: STRICTNESS.get(choice[0], 99))
        shown = credited_name(naming=naming, full_name=user.full_name, short_name=user.short_name, pseudonym=pseudonym)
        own = _own_names(user.full_name, user.short_name)
        if shown is not None and is_named(naming, pseudonym):
            result.names.append(shown)
            kept.setdefault(_key(shown), shown)
            shown_words = {_key(word) for word in shown.split()}
            for name in own:
                if _key(name) != _key(shown) and _key(name) not in shown_words:
                    swaps.setdefault(_key(name), (name, shown))
            continue
        if shown is None:
            result.not_mentioned += 1
        else:
            result.unnamed += 1
        for name in own:
            swaps[_key(name)] = (name, anonymous_label())
    result.names.sort(key=str.casefold)
    result.swaps = sorted(swaps.values(), key=lambda pair: -len(pair[0]))
    result.kept = sorted((name for key, name in kept.items() if key not in swaps), key=lambda n: -len(n))
    return result


def _own_names(full_name: str, short_name: str) -> list[str]:
    """The ways a person's own name may be written: full name, short name, and the given and family names
    of a full name on their own (a title such as "Dr" is not a name). Longest first."""
    names = [n for n in (full_name.strip(), short_name.strip()) if n]
    words = [w for w in full_name.split() if w.rstrip(".").casefold() not in TITLES]
    if len(words) > 1:
        names += [words[0], words[-1]]
    unique = {_key(n): n for n in reversed(names)}
    return sorted(unique.values(), key=lambda n: -len(n))
