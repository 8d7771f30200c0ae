"""Listening in a real browser, at phone and desktop width, with axe on every page.

1. A post-meeting board used by keyboard only: Amira writes a note, gives a dot and suggests a theme
   without touching the mouse.
2. Joe raises a barrier (the meetings are at school pick-up time) and sees it answered.
3. Tom links Amira's note and Joe's barrier to a "you said, we did" response; Amira and Joe are told.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from roundtable.accounts.tests.factories import person
from roundtable.feedback import boards
from roundtable.feedback.models import Anonymity, Barrier, Note, ThemeSuggestion
from roundtable.lib.sample_text import stretch
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.models import Message
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def cast(transactional_db):
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person(
        "amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["text", "email"], phone="07700900461"
    )
    joe = person("joe@e2e.example", "Joe Bennett", known_as="Joe", channels=["phone", "email"], phone="07700900782")
    org = OrganisationFactory(admin=tom, name=stretch("Northgate University", 150), kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title=stretch("Support at school", 150), draft=True)
    for user in (amira, joe):
        MembershipFactory(project=project, user=user, invited_by=tom)
    start = timezone.now() - dt.timedelta(hours=3)
    meeting = MeetingFactory(
        project=project,
        title=stretch("First meeting", 150),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        created_by=tom,
        already_held=True,
    )
    board = boards.board_create(
        actor=tom,
        project=project,
        title=stretch("After the first meeting", 150),
        anonymity=Anonymity.HIDDEN,
        meeting=meeting,
    )
    boards.theme_create(actor=tom, board=board, title="Timing")
    return tom, amira, joe, project, board


def tab_to(page, selector: str, limit: int = 250) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def test_post_meeting_board_by_keyboard_only(ui, cast):
    tom, amira, joe, project, board = cast
    ui.sign_in(amira)
    ui.goto(f"/projects/{project.pk}/boards/{board.pk}/")
    page = ui.page
    assert "organisers can see who wrote it" in page.inner_text("#promise")
    tab_to(page, "#id_column")
    page.keyboard.press("ArrowDown")  # the second column
    tab_to(page, "#id_text")
    page.keyboard.type(stretch("Evening meetings work better for me."))
    tab_to(page, "#add-note")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.seen("board after adding a note")
    note = Note.objects.get()
    assert note.author == amira and note.column.title == "What does not work"
    assert "Your note is added." in ui.text()
    tab_to(page, f"#note-{note.pk} .rt-dot")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.seen("board after a dot", key=False)
    note.refresh_from_db()
    assert note.votes == 1
    tab_to(page, f"#note-{note.pk} summary")
    page.keyboard.press("Enter")
    tab_to(page, f"#theme-{note.pk}")
    page.keyboard.press("ArrowDown")
    tab_to(page, f"#note-{note.pk} .rt-theme-submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.seen("board after suggesting a theme", key=False)
    assert ThemeSuggestion.objects.get().theme.title == "Timing"


def test_joe_raises_a_barrier_tom_answers_and_links_it_amira_and_joe_are_told(ui, cast):
    tom, amira, joe, project, board = cast
    note = boards.note_add(actor=amira, board=board, column=board.columns.first(), text=stretch("Evenings, please."))
    page = ui.page

    ui.sign_in(joe)
    ui.goto(f"/projects/{project.pk}/barriers/new/")
    page.get_by_role("button", name="Send").click()  # nothing chosen: a clear message, at the field
    ui.seen("barrier form with errors", key=False)
    assert "Choose what kind of barrier it is." in ui.text()
    page.get_by_label("Meeting times").check()
    page.get_by_label("What gets in the way?").fill(stretch("The meetings are at school pick-up time."))
    page.get_by_role("button", name="Send").click()
    ui.seen("Joe's barrier")
    barrier = Barrier.objects.get()
    assert barrier.status == "open"

    ui.sign_out()
    ui.sign_in(tom)
    ui.goto(f"/projects/{project.pk}/barriers/")
    page.get_by_role("link", name="Meeting times").click()
    ui.seen("Tom opens the barrier", key=False)
    page.get_by_label("Send an answer (the barrier stays open)").check()
    page.get_by_label("Your answer").fill(stretch("Thank you. We will look at evening times with everyone."))
    page.get_by_role("button", name="Save and tell them").click()
    ui.seen("barrier answered", key=False)
    page.get_by_role("link", name="Add it to a “you said, we did”").click()
    ui.seen("you said, we did form")
    page.get_by_label("Evenings, please.", exact=False).check()
    page.get_by_label("What you told us, in short").fill(stretch("Meetings at school pick-up time", 200))
    page.get_by_label("We changed something").check()
    page.get_by_label("What we did, or why we could not").fill(stretch("From next month the meetings start at 8pm."))
    page.get_by_role("button", name="Save and tell people").click()
    ui.seen("you said, we did list")
    assert "From next month the meetings start at 8pm." in ui.text()
    told = set(
        Message.objects.filter(idempotency_key__startswith="response:").values_list("recipient__email", flat=True)
    )
    assert told == {"amira@e2e.example", "joe@e2e.example"}

    ui.sign_out()
    ui.sign_in(joe)
    ui.goto(f"/projects/{project.pk}/barriers/{barrier.pk}/")
    assert "We will look at evening times" in ui.text()
    assert "Meetings at school pick-up time" in ui.text()
    ui.goto(f"/projects/{project.pk}/you-said-we-did/")
    assert note.response_links.exists()
