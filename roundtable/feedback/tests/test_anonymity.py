"""The promise "Anonymous: nobody, organisers included, can see who wrote this" is kept in the database.

We snapshot every table, post a note on an anonymous board through the web page, and check that no
row that appeared or changed holds anything that points to the writer: their id, email or name.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
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


# --- Dots, theme suggestions and logs (issue 11: nothing stored or logged links a person to an anonymous note)


def _links_to(table: str, row: tuple, person, note) -> bool:
    """Whether a stored row joins this person to this note: a column pointing at the person and one at the note."""
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        relations = connection.introspection.get_relations(cursor, table)
    values = dict(zip(columns, row, strict=True))
    to_person = any(values.get(col) == person.pk for col, (_c, ref) in relations.items() if ref == "accounts_user")
    to_note = table == "feedback_note" or any(
        values.get(col) == note.pk for col, (_c, ref) in relations.items() if ref == "feedback_note"
    )
    return to_person and to_note


def _precise_times(row: tuple) -> list:
    return [
        v
        for v in row
        if hasattr(v, "microsecond") and hasattr(v, "hour") and (v.minute, v.second, v.microsecond) != (0, 0, 0)
    ]


@pytest.mark.django_db(transaction=True)
@time_machine.travel(dt.datetime(2026, 3, 2, 10, 17, 23, 456789, tzinfo=dt.UTC), tick=False)
def test_dotting_and_theming_your_own_anonymous_note_leaves_no_link(client, people):
    """The example: a dot and a theme suggestion were stored with the voter's id to the microsecond."""
    board = make_board(people, anonymity=Anonymity.ANONYMOUS)
    url = reverse("feedback:board", args=[people.project.pk, board.pk])
    client.force_login(people.partner)
    client.post(url, {"column": board.columns.first().pk, "text": "I am scared to say this in the room"})
    note = Note.objects.get()
    before = snapshot()
    dot = client.post(reverse("feedback:note_vote", args=[people.project.pk, board.pk, note.pk]), {})
    theme = client.post(
        reverse("feedback:note_theme", args=[people.project.pk, board.pk, note.pk]), {"theme_title": "Feeling safe"}
    )
    assert dot.status_code == theme.status_code == 302
    after = snapshot()
    note.refresh_from_db()
    assert note.votes == 1
    assert note.suggestions.get().theme.title == "Feeling safe"
    changed = {t: after[t] - before.get(t, set()) for t in after}
    changed = {t: rows for t, rows in changed.items() if rows and t != "django_session"}
    assert changed, "the dot and the suggestion were stored somewhere"
    for table, rows in changed.items():
        for row in rows:
            assert not mentions(row, people.partner), (table, row)
            assert not _links_to(table, row, people.partner, note), (table, row)
            if table.startswith("feedback_"):
                assert not _precise_times(row), (table, row)


def test_the_page_still_knows_your_dots_and_lets_you_take_one_back(client, people):
    board = make_board(people, anonymity=Anonymity.ANONYMOUS)
    url = reverse("feedback:board", args=[people.project.pk, board.pk])
    client.force_login(people.partner)
    client.post(url, {"column": board.columns.first().pk, "text": "Words"})
    note = Note.objects.get()
    dot_url = reverse("feedback:note_vote", args=[people.project.pk, board.pk, note.pk])
    client.post(dot_url, {})
    page = client.get(url).content.decode()
    assert "Take your dot back" in page or "take back" in page.lower()
    assert f"You have {board.votes_per_person - 1} dots left" in page
    old_cookie = client.cookies[f"rt_dots_{board.pk}"].value
    client.post(dot_url, {})
    note.refresh_from_db()
    assert note.votes == 0
    # An old copy of the browser's memory cannot take a second dot off the note.
    client.force_login(people.joe)
    client.post(dot_url, {})
    client.force_login(people.partner)
    client.cookies[f"rt_dots_{board.pk}"] = old_cookie
    client.post(dot_url, {})
    note.refresh_from_db()
    assert note.votes == 2  # Joe's dot stays; Amira's stale memory gave a new dot instead of taking Joe's


def test_the_dot_limit_holds_on_an_anonymous_board(client, people):
    board = make_board(people, anonymity=Anonymity.ANONYMOUS)
    url = reverse("feedback:board", args=[people.project.pk, board.pk])
    client.force_login(people.partner)
    for n in range(board.votes_per_person + 1):
        client.post(url, {"column": board.columns.first().pk, "text": f"Note {n}"})
    for note in Note.objects.all():
        client.post(reverse("feedback:note_vote", args=[people.project.pk, board.pk, note.pk]), {})
    assert sum(Note.objects.values_list("votes", flat=True)) == board.votes_per_person
    page = client.get(url).content.decode()
    assert "You have used all" in page


@pytest.fixture
def log_lines():
    """What the console handler set up by settings.LOGGING writes, read back as text."""
    import io
    import logging

    handler = next(h for h in logging.getLogger().handlers if h.filters)
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_note_ids_and_secret_links_stay_out_of_the_logs(client, people, log_lines):
    from roundtable.feedback.models import FeedbackLink

    board = make_board(people, anonymity=Anonymity.ANONYMOUS)
    link = FeedbackLink.objects.create(project=people.project)
    client.force_login(people.outsider)
    missing = reverse("feedback:note_vote", args=[people.project.pk, board.pk, 987654])
    assert client.get(missing).status_code in {404, 405}
    client.logout()
    client.get(reverse("feedback:say", args=[link.token]) + "x/nope/")
    text = log_lines.getvalue()
    assert "/notes/[note]/" in text
    assert "987654" not in text
    assert link.token not in text


def test_the_gunicorn_access_log_is_redacted_too():
    import io
    import logging

    from gunicorn.config import Config

    from roundtable.lib.logfilters import GunicornLogger

    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(stream)

    class Response:
        status = "302 Found"
        sent = 0
        headers = []

    environ = {
        "REQUEST_METHOD": "POST", "RAW_URI": "/projects/1/boards/2/notes/31337/dot/", "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/projects/1/boards/2/notes/31337/dot/", "QUERY_STRING": "", "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": "https://rt.example/say/s3cr3t-t0ken/?added=31337",
    }  # fmt: skip
    logger.access(Response(), {}, environ, dt.timedelta(seconds=0))
    line = stream.getvalue()
    assert "203.0.113.9" in line and "/notes/[note]/dot/" in line
    assert "31337" not in line and "s3cr3t-t0ken" not in line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("GET /projects/1/boards/2/notes/55/dot/ 302", "GET /projects/1/boards/2/notes/[note]/dot/ 302"),
        ("GET /say/abcDEF_123-x/ 200", "GET /say/[secret]/ 200"),
        ("GET /invitations/tok3n/join/ 200", "GET /invitations/[secret]/join/ 200"),
        ("GET /calendar/feedtok.ics 200", "GET /calendar/[secret].ics 200"),
        ("GET /sign-in/link/?token=AbC.dEf 302", "GET /sign-in/link/?token=[hidden] 302"),
        ("GET /projects/1/boards/2/?added=77 200", "GET /projects/1/boards/2/?added=[hidden] 200"),
        ("GET /projects/1/boards/2/ 200", "GET /projects/1/boards/2/ 200"),
    ],
)
def test_redact(raw, clean):
    from roundtable.lib.logfilters import redact

    assert redact(raw) == clean
