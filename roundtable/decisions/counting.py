"""Counting votes: the total, the partners' view and staff's view, and whether staff carried it against partners.

Pure functions over ``(side, choice)`` pairs, where ``choice`` is a list of ``[option id, value]``
(see ``models.Vote``). How each kind counts:

* consent, choose one, choose several: one point for each chosen option;
* rank: with n options, first place gets n points, second n - 1, and so on (a Borda count);
* score: the scores added up.

The leading option is the one with the most points; a tie for the lead has no leader (None).
A decision is *carried by staff against partners* when at least one partner voted, the total's
leader is staff's leader, and partners' leader is a different option (or partners tied).
Source: issue 14, "One person, one vote".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

PARTNER = "partner"
STAFF = "staff"


@dataclass
class Tally:
    """Points per option id for one group of voters, and how many voted."""

    points: dict[int, int] = field(default_factory=dict)
    voters: int = 0

    def leader(self) -> int | None:
        """The option id with the most points, or None when nobody voted or two options tie for the lead."""
        if not self.voters or not self.points:
            return None
        best = max(self.points.values())
        leaders = [option for option, points in self.points.items() if points == best]
        return leaders[0] if len(leaders) == 1 and best > 0 else None


@dataclass
class Result:
    total: Tally
    partners: Tally
    staff: Tally

    @property
    def against_partners(self) -> bool:
        leader = self.total.leader()
        return (
            self.partners.voters > 0
            and leader is not None
            and leader == self.staff.leader()
            and self.partners.leader() != leader
        )


def points_for(kind: str, choice: list, option_count: int) -> dict[int, int]:
    """Points one vote gives each option id (see the module's text). Unknown shapes count nothing."""
    found: dict[int, int] = {}
    for pair in choice or []:
        try:
            option_id, value = int(pair[0]), int(pair[1])
        except (TypeError, ValueError, IndexError):
            continue
        if kind == "rank":
            found[option_id] = max(option_count - value + 1, 0)
        elif kind == "score":
            found[option_id] = max(min(value, 5), 0)
        else:
            found[option_id] = 1
    return found


def count(kind: str, option_ids: list[int], votes: Iterable[tuple[str, list]]) -> Result:
    """Count ``(side, choice)`` pairs for a proposal with these options. Each pair is one person's one vote."""
    return count_grouped(kind, option_ids, ((side, choice, 1) for side, choice in votes))


def count_grouped(kind: str, option_ids: list[int], groups: Iterable[tuple[str, list, int]]) -> Result:
    """Count ``(side, choice, n)``: ``n`` people on ``side`` who made the same ``choice`` (as the database
    groups them, so a page with 500 votes reads each different choice once). The same rule as ``count``."""
    result = Result(
        total=Tally(points=dict.fromkeys(option_ids, 0)),
        partners=Tally(points=dict.fromkeys(option_ids, 0)),
        staff=Tally(points=dict.fromkeys(option_ids, 0)),
    )
    for side, choice, n in groups:
        group = result.partners if side == PARTNER else result.staff
        points = points_for(kind, choice, len(option_ids))
        for tally in (result.total, group):
            tally.voters += n
            for option_id, given in points.items():
                if option_id in tally.points:
                    tally.points[option_id] += given * n
    return result
