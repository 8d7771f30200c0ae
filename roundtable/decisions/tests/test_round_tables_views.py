# ruff: noqa: F811 - the fixtures are imported from round_tables_fixtures, and tests take them by name
"""Round-table pages: who may see and do what (a permission table), the turn list as an organiser uses
it (plain POST forms, one click one effect, the next person highlighted) and the summary members see."""

from __future__ import annotations

import re

import pytest

from roundtable.audit.models import AuditEvent
from roundtable.decisions import round_tables
from roundtable.decisions.models_rounds import RoundTable, Turn
from roundtable.decisions.tests.round_tables_fixtures import at, client_for, clock, held, media, meeting_data, people  # noqa: F401
from roundtable.lib.forms import ONCE_FIELD

ROLES = ["organiser", "admin", "finance", "partner", "professional", "outsider", "anonymous"]
VIEW = {
    "organiser": 200,
    "admin": 200,
    "finance": 200,
    "partner": 200,
    "professional": 200,
    "outsider": 404,
    "anonymous": 302,
}
RECORD = {**VIEW, "organiser": 302, "admin": 302, "finance": 403, "partner": 403, "professional": 403}

ROUND = "/projects/{p}/meetings/{m}/round-tables/"
PAGES = [
    ("meeting's rounds", ROUND, "get", VIEW),
    ("one round", ROUND + "{i}/", "get", VIEW),
    ("start", ROUND + "{i}/start/", "post", RECORD),
    ("turn", ROUND + "{i}/turn/", "post", RECORD),
]


def path_for(world, url: str) -> str:
    return url.format(p=world.project.pk, m=world.meeting.pk, i=world.item.pk)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "method", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_permission_table(held, role, name, url, method, expected):
    user = None if role == "anonymous" else getattr(held, role)
    if name == "turn":
        round_tables.round_table_start(actor=held.organiser, item=held.item)
    client = client_for(user)
    data = {"person": held.partner.pk, "outcome": "spoke"}
    response = client.post(path_for(held, url), data) if method == "post" else client.get(path_for(held, url))
    assert response.status_code == expected[role]
    if method == "post":
        made = RoundTable.objects.count() if name == "start" else Turn.objects.count()
        assert made == (1 if expected[role] == 302 and role != "anonymous" else 0)


def test_an_item_that_is_not_a_round_is_not_found(held):
    client = client_for(held.organiser)
    url = f"/projects/{held.project.pk}/meetings/{held.meeting.pk}/round-tables/{held.welcome.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url + "start/").status_code == 404


def forms(html: str) -> list[str]:
    return re.findall(r"<form .*?</form>", html, flags=re.S)


def send(client, html: str, person_id: int, outcome: str, *, times: int = 1):
    """Send the person's form from the page as a browser would (its one-time key included), ``times`` times."""
    form = next(f for f in forms(html) if f'name="person" value="{person_id}"' in f)
    action = re.search(r'action="([^"]+)"', form).group(1)
    key = re.search(rf'name="{ONCE_FIELD}" value="([^"]+)"', form).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {"csrfmiddlewaretoken": token, ONCE_FIELD: key, "person": person_id, "outcome": outcome}
    return [client.post(action, data) for _ in range(times)]


def test_an_organiser_starts_the_round_and_records_turns_without_javascript(held):
    client = client_for(held.organiser)
    rounds = client.get(path_for(held, ROUND)).content.decode()
    assert "Start the round" in rounds and "The round has not started yet." in rounds
    start_form = next(f for f in forms(rounds) if "start/" in f)
    assert ONCE_FIELD in start_form
    response = client.post(path_for(held, ROUND + "{i}/start/"))
    assert response.status_code == 302 and response["Location"].endswith("#turns")

    page = client.get(path_for(held, ROUND + "{i}/")).content.decode()
    # Partners first; Amira's turn now, marked in words as well as by its place.
    assert page.index("Amira Hassan") < page.index("Joe Bennett") < page.index("Dr Ann Lee")
    current = re.search(r'<li[^>]*aria-current="step"[^>]*>.*?</li>', page, flags=re.S).group(0)
    assert "Amira Hassan" in current and "Their turn now" in current
    # Three buttons for each person, each saying whose turn it is to a screen reader.
    assert '>Passed<span class="govuk-visually-hidden">: Joe Bennett</span></button>' in page

    # A double click: the same form sent twice has one effect.
    first, second = send(client, page, held.partner.pk, "spoke", times=2)
    assert first["Location"].endswith(f"#seat-{held.joe.pk}")
    assert second.status_code == 302
    assert list(Turn.objects.values_list("user_id", "outcome")) == [(held.partner.pk, "spoke")]
    assert AuditEvent.objects.filter(action="round_table.turn").count() == 1

    page = client.get(path_for(held, ROUND + "{i}/")).content.decode()
    current = re.search(r'<li[^>]*aria-current="step"[^>]*>.*?</li>', page, flags=re.S).group(0)
    assert "Joe Bennett" in current
    send(client, page, held.joe.pk, "passed")
    # A correction: Amira's turn is changed, not added.
    page = client.get(path_for(held, ROUND + "{i}/")).content.decode()
    send(client, page, held.partner.pk, "not_there")
    page = client.get(path_for(held, ROUND + "{i}/")).content.decode()
    last = send(client, page, held.professional.pk, "spoke")[0]
    assert last["Location"].endswith("#summary")
    page = client.get(last["Location"]).content.decode()
    assert "Everyone was offered a turn: 1 spoke, 1 passed, 1 not there." in page
    assert "Passing is always fine." in page
    assert Turn.objects.count() == 3


def test_members_see_the_summary_without_names_or_buttons(held):
    round_table = round_tables.round_table_start(actor=held.organiser, item=held.item)
    round_tables.round_table_turn_record(
        actor=held.organiser, round_table=round_table, person=held.joe, outcome="passed"
    )
    page = client_for(held.partner).get(path_for(held, ROUND + "{i}/")).content.decode()
    assert "The round is going on: 0 spoke, 1 passed, 0 not there." in page
    assert "2 people still to be offered a turn." in page
    assert "Joe Bennett" not in page and 'name="outcome"' not in page
    rounds = client_for(held.partner).get(path_for(held, ROUND)).content.decode()
    assert "See the round" in rounds and "Start the round" not in rounds


def test_bad_input_gets_a_clear_message(held):
    client = client_for(held.organiser)
    url = path_for(held, ROUND + "{i}/turn/")
    response = client.post(url, {"person": held.partner.pk, "outcome": "spoke"}, follow=True)
    assert "Start the round first." in response.content.decode()
    round_tables.round_table_start(actor=held.organiser, item=held.item)
    for data, message in (
        ({"person": held.outsider.pk, "outcome": "spoke"}, "This person is not taking part in this meeting."),
        ({"person": "x", "outcome": "spoke"}, "This person is not taking part in this meeting."),
        ({"person": held.partner.pk, "outcome": "shouted"}, "Choose Spoke, Passed or Not there."),
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200 and message in response.content.decode()
    assert not Turn.objects.exists()


def test_a_round_cannot_start_before_the_meeting_says_when(held, clock):
    clock.move_to(at(2, 9, 30))
    response = client_for(held.organiser).post(path_for(held, ROUND + "{i}/start/"), follow=True)
    assert "You can start the round once the meeting has started, at 10am on Monday 2 March 2026." in (
        response.content.decode()
    )
    assert not RoundTable.objects.exists()


def test_the_meeting_panel_template_shows_everyone_was_offered_a_turn(held, rf):
    from django.template.loader import render_to_string

    from roundtable.decisions.round_tables_selectors import meeting_round_tables
    from roundtable.projects.permissions import project_access

    def panel(user) -> str:
        request = rf.get("/")
        request.user = user
        access = project_access(user, held.project)
        data = meeting_round_tables(meeting=held.meeting, user=user, access=access)
        context = {"m": held.meeting, "access": access, "request": request, "data": data}
        return render_to_string("decisions/round_tables/meeting_panel.html", context)

    # Before the round: nothing for partners (the agenda already says they can pass); a link for organisers.
    assert "Round the table" not in panel(held.partner)
    assert "Start a round or record turns" in panel(held.organiser)
    round_table = round_tables.round_table_start(actor=held.organiser, item=held.item)
    for person, outcome in ((held.partner, "spoke"), (held.joe, "passed"), (held.professional, "not_there")):
        round_tables.round_table_turn_record(
            actor=held.organiser, round_table=round_table, person=person, outcome=outcome
        )
    html = panel(held.partner)
    assert "Everyone was offered a turn: 1 spoke, 1 passed, 1 not there." in html
    assert "See the rounds of this meeting" in html
