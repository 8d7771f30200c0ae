"""Forms that forgive, in a real browser at phone and desktop width, with axe on every page (issue 11).

Amira pastes a note that is too long into a board. The box says how much it takes and counts as she
types; sent anyway, the note comes back with every letter and says how much to cut. She cuts it and
presses "Add" twice, quickly: one note.
"""

from __future__ import annotations

import pytest

from roundtable.accounts.tests.factories import person
from roundtable.feedback import boards
from roundtable.feedback.models import Anonymity, Note
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def cast(transactional_db):
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["email"])
    org = OrganisationFactory(admin=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title="Support at school", draft=True)
    MembershipFactory(project=project, user=amira, invited_by=tom)
    board = boards.board_create(actor=tom, project=project, title="Ideas", anonymity=Anonymity.HIDDEN)
    return amira, project, board


def test_a_long_note_is_kept_and_sending_it_twice_adds_it_once(ui, cast):
    amira, project, board = cast
    ui.sign_in(amira)
    ui.goto(f"/projects/{project.pk}/boards/{board.pk}/")
    page = ui.page
    assert "You can write up to 1,000 characters." in page.inner_text("form:has(#id_text)")

    too_long = "Bedtime is easier when the day ends the same way. " * 20 + "x" * 23  # 1,023 characters
    page.fill("#id_text", too_long)
    assert "23 characters too many" in page.inner_text(".govuk-character-count")  # GOV.UK's live count
    ui.seen("a note that is too long, counted as she types")
    with page.expect_navigation():
        page.click("#add-note")
    ui.seen("the note comes back with every letter")
    assert "This is 23 characters too long. Please cut it to 1,000 or fewer." in ui.text()
    assert page.input_value("#id_text") == too_long
    assert not Note.objects.exists()

    page.fill("#id_text", too_long[:-23])
    sent = page.evaluate(
        "() => [...new FormData(document.querySelector('form:has(#id_text)')).entries()]"
    )  # what the browser sends, one-time key and all
    with page.expect_navigation():
        page.click("#add-note")
    ui.seen("the note is added")
    assert Note.objects.count() == 1

    # The same send again, as a second press or a "resend" after a slow network would make it.
    again = page.evaluate(
        """async ([url, entries]) => {
            const body = new URLSearchParams(entries);
            const response = await fetch(url, {method: "POST", body, credentials: "same-origin"});
            return [response.status, await response.text()];
        }""",
        [page.url.split("?")[0].split("#")[0], sent],
    )
    assert again[0] == 200 and "You sent this already, so we did it only once." in again[1]
    assert Note.objects.count() == 1
    assert Note.objects.get().text == too_long[:-23].strip()
