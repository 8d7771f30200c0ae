"""One person, one vote, proved three ways: any sequence of votes and changes counts each person once
(hypothesis); an anonymous vote leaves no row that links the person to their choice (a snapshot of every
table); and two votes from one person at the same moment on PostgreSQL make one."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundtable.decisions import services
from roundtable.decisions.models import Ballot, HasVoted, Vote
from roundtable.decisions.tests.conftest import make_proposal, option

# --- Any sequence of votes and changes -------------------------------------------------------------

VOTERS = ["partner", "joe", "professional", "organiser", "admin"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(VOTERS), st.integers(0, 2), st.integers(0, 2)), max_size=12))
def test_any_sequence_of_votes_and_changes_counts_each_person_once(people, steps):
    named = make_proposal(people, kind="one")
    several = make_proposal(people, kind="several", anonymous=True)
    options, many = list(named.options.all()), list(several.options.all())
    last: dict[str, int] = {}
    first_anonymous: set[str] = set()
    for who, pick, extra in steps:
        person = getattr(people, who)
        services.vote_cast(actor=person, proposal=named, choice=[[options[pick].pk, 1]])
        last[who] = options[pick].pk
        try:
            services.vote_cast(actor=person, proposal=several, choice=[[many[pick].pk, 1], [many[extra].pk, 1]])
            first_anonymous.add(who)
        except Exception as error:  # noqa: BLE001 - a second anonymous vote is refused, checked below
            assert who in first_anonymous, error
    result = services.tally(named)
    assert Vote.objects.filter(proposal=named).count() == result.total.voters == len(last)
    assert sum(result.total.points.values()) == len(last)
    for who, option_id in last.items():
        assert Vote.objects.get(proposal=named, person=getattr(people, who)).choice == [[option_id, 1]]
    assert Ballot.objects.filter(proposal=several).count() == HasVoted.objects.filter(proposal=several).count()
    assert HasVoted.objects.filter(proposal=several).count() == len(first_anonymous)
    assert services.tally(several).total.voters == len(first_anonymous)


# --- The anonymity snapshot ---------------------------------------------------------------------------


def snapshot() -> dict[str, set[tuple]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from the database itself
            rows[table] = {tuple(r) for r in cursor.fetchall()}
    return rows


def columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


PERSON_COLUMNS = {"person_id", "user_id", "subject_id", "actor_id", "recipient_id", "taken_by_id", "sender_id"}


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_vote_leaves_no_row_linking_the_person_and_their_choice(client, people):
    proposal = make_proposal(people, anonymous=True, kind="one", options=["Zebra crossing", "Yellow lines"])
    zebra = option(proposal, "Zebra crossing")
    client.force_login(people.partner)
    url = reverse("decisions:proposal", args=[people.project.pk, proposal.number])
    assert "Secret: nobody can see how anyone voted, not even staff" in client.get(url).content.decode()
    before = snapshot()
    response = client.post(url, {"choice": str(zebra.pk), "reason": ""})
    assert response.status_code == 302
    after = snapshot()
    changed = {t: after[t] - before.get(t, set()) for t in after}
    changed = {t: rows for t, rows in changed.items() if rows}
    assert "decisions_ballot" in changed and "decisions_hasvoted" in changed
    # The ballot has no column that could hold a person, and no time.
    assert set(columns("decisions_ballot")) == {"id", "proposal_id", "side", "choice", "reason"}
    me = people.partner
    needles = {me.email.lower(), me.full_name.lower(), me.short_name.lower()}
    for table, rows in changed.items():
        names = columns(table)
        for row in rows:
            values = dict(zip(names, row, strict=True))
            about_me = any(values.get(c) == me.pk for c in PERSON_COLUMNS) or any(
                n in str(v).lower() for v in row for n in needles
            )
            holds_choice = any(
                f"[[{zebra.pk}, 1]]" in str(v) or "zebra" in str(v).lower() for v in row if isinstance(v, str)
            )
            assert not (about_me and holds_choice), (table, row)
    # The ballot row itself holds the choice and nothing about who.
    (ballot_row,) = changed["decisions_ballot"]
    assert me.pk not in [v for k, v in zip(columns("decisions_ballot"), ballot_row, strict=True) if k != "proposal_id"]


# --- Two votes from one person at the same moment (PostgreSQL) -----------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL: two writers at once"
)
@pytest.mark.parametrize("anonymous", [False, True])
def test_two_votes_from_one_person_at_once_make_one(people, anonymous):
    proposal = make_proposal(people, anonymous=anonymous)
    agree, disagree = option(proposal, "agree"), option(proposal, "disagree")
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def vote(choice):
        try:
            barrier.wait(timeout=10)
            services.vote_cast(actor=people.partner, proposal=proposal, choice=[[choice.pk, 1]])
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(c,)) for c in (agree, disagree)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    if anonymous:
        assert HasVoted.objects.count() == Ballot.objects.count() == 1
        assert len(errors) == 1 and "cannot change a secret vote" in str(errors[0])
    else:
        assert not errors, errors
        assert Vote.objects.count() == 1
    assert services.tally(proposal).total.voters == 1
