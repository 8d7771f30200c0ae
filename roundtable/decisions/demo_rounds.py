"""The round tables' chapter of the demo story, loaded after the meetings chapter (core/demo.py).

"Short breaks for disabled children" (Priya): at Workshop 1, three weeks ago, Priya went round the
table on "What short breaks work for your family now?". Amira spoke, Joe passed (passing is always
fine), Priya spoke, and Tom was not there (he had sent apologies). The meeting page and the health
check show that everyone was offered a turn.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from roundtable.accounts.models import User
from roundtable.decisions import round_tables
from roundtable.meetings.models import AgendaItem
from roundtable.projects.models import Project


def load() -> None:
    """Add the round to the demo. Does nothing if the meetings chapter is not there or it already ran."""
    breaks = Project.objects.filter(title="Short breaks for disabled children").first()
    people = {
        key: User.objects.filter(email=f"{key}@demo.roundtable.example").first()
        for key in ("amira", "joe", "tom", "priya")
    }
    item = (
        AgendaItem.objects.filter(
            meeting__project=breaks, meeting__title="Workshop 1: what works now", round_the_table=True
        )
        .select_related("meeting")
        .first()
    )
    if breaks is None or item is None or not all(people.values()) or hasattr(item, "round_table"):
        return
    priya = cast(User, people["priya"])  # all found above
    began = item.meeting.starts_at + dt.timedelta(minutes=15)
    round_table = round_tables.round_table_start(actor=priya, item=item, now=began)
    for n, (key, outcome) in enumerate(
        (("amira", "spoke"), ("joe", "passed"), ("priya", "spoke"), ("tom", "not_there"))
    ):
        round_tables.round_table_turn_record(
            actor=priya,
            round_table=round_table,
            person=cast(User, people[key]),  # all found above
            outcome=outcome,
            now=began + dt.timedelta(minutes=4 * n),
        )
