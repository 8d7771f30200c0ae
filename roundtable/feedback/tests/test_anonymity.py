"""The promise "Anonymous: nobody, organisers included, can see who wrote this" is kept in the database.

We snapshot every table, post a note on an anonymous board through the web page, and check that no
row that appeared or changed holds anything that points to the writer: their id, email or name.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from roundtable.feedback.models import Anonymity, Note
from roundtable.feedback.tests.conftest import make_board


def snapshot() -> dict[str, set[tuple]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from the database itself
            rows[table] = {tuple(r) for r in cursor.fetchall()}
    return rows


def mentions(row: tuple, user) -> bool:
    needles = {user.email.lower(), user.full_name.lower(), user.short_name.lower()}
    for value in row:
        text = str(value).lower()
        if any(n and n in text for n in needles):
            return True
    return False


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_note_leaves_no_trace_of_its_writer(client, people):
    board = make_board(people, anonymity=Anonymity.ANONYMOUS)
    client.force_login(people.partner)
    page = client.get(reverse("feedback:board", args=[people.project.pk, board.pk]))
    assert "Anonymous: nobody, organisers included, can see who wrote this" in page.content.decode()
    before = snapshot()
    column = board.columns.first()
    response = client.post(
        reverse("feedback:board", args=[people.project.pk, board.pk]),
        {"column": column.pk, "text": "I am scared to say this in the room"},
    )
    assert response.status_code == 302
    after = snapshot()
    note = Note.objects.get()
    assert note.author_id is None
    assert note.created_at.minute == 0 and note.created_at.second == 0  # only the hour
    changed = {table: after[table] - before.get(table, set()) for table in after}
    changed = {table: rows for table, rows in changed.items() if rows}
    assert "feedback_note" in changed
    for table, rows in changed.items():
        for row in rows:
            assert not mentions(row, people.partner), (table, row)
    # The one new note row holds no number that is the writer's id in an author-like place.
    note_row = next(iter(changed["feedback_note"]))
    columns = [c.name for c in connection.introspection.get_table_description(connection.cursor(), "feedback_note")]
    values = dict(zip(columns, note_row, strict=True))
    assert values["author_id"] is None and values["hidden_by_id"] is None


def test_organisers_do_not_see_who_wrote_an_anonymous_note(client, people):
    board = make_board(people, anonymity=Anonymity.ANONYMOUS)
    client.force_login(people.partner)
    client.post(
        reverse("feedback:board", args=[people.project.pk, board.pk]),
        {"column": board.columns.first().pk, "text": "Secret"},
    )
    client.force_login(people.organiser)
    html = client.get(reverse("feedback:board", args=[people.project.pk, board.pk])).content.decode()
    assert "Secret" in html
    assert "Amira" not in html


def test_hidden_from_members_but_not_organisers(client, people):
    board = make_board(people, anonymity=Anonymity.HIDDEN)
    client.force_login(people.partner)
    html = client.get(reverse("feedback:board", args=[people.project.pk, board.pk])).content.decode()
    assert "Hidden from other members: organisers can see who wrote it" in html
    client.post(
        reverse("feedback:board", args=[people.project.pk, board.pk]),
        {"column": board.columns.first().pk, "text": "Visible words"},
    )
    client.force_login(people.joe)
    html = client.get(reverse("feedback:board", args=[people.project.pk, board.pk])).content.decode()
    assert "Visible words" in html and "Amira" not in html
    client.force_login(people.organiser)
    html = client.get(reverse("feedback:board", args=[people.project.pk, board.pk])).content.decode()
    assert "Amira Hassan" in html
