"""Ground rules and support in a real browser, at phone and desktop width, with axe on every page.

1. Amira suggests a ground rule; Tom agrees it after the project's board; it shows on the project page.
2. Amira answers the check-in saying she feels bad: she sees the support contacts at once, and says no
   to being contacted, so nobody is told.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from roundtable.accounts.tests.factories import person
from roundtable.feedback import boards
from roundtable.feedback.tests.factories_checkins import CheckInFactory
from roundtable.lib.sample_text import stretch
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.models import Message
from roundtable.projects.models import Organisation
from roundtable.projects.support import support_contact_create
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory
from roundtable.safety.models import GroundRule

pytestmark = pytest.mark.e2e


@pytest.fixture
def cast(transactional_db):
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["email"])
    org = OrganisationFactory(admin=tom, name=stretch("Northgate University", 150), kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title=stretch("Support at school", 150))
    MembershipFactory(project=project, user=amira, invited_by=tom)
    board = boards.board_create(actor=tom, project=project, title="Our ground rules", anonymity="named")
    support_contact_create(
        actor=tom, project=project, kind="advice", name="Carers UK Helpline",
        helps_with="Advice for carers about money, benefits and your rights.", phone="0808 808 7777",
        hours="Monday and Tuesday, 9am to 6pm",
    )  # fmt: skip
    start = timezone.now() - dt.timedelta(hours=3)
    meeting = MeetingFactory(
        project=project, title=stretch("First meeting", 150), starts_at=start, ends_at=start + dt.timedelta(hours=1),
        created_by=tom, already_held=True,
    )  # fmt: skip
    CheckInFactory(meeting=meeting, created_by=tom)
    return tom, amira, project, board, meeting


def test_a_project_agrees_its_ground_rules_and_a_low_check_in_shows_support(ui, cast):
    tom, amira, project, board, meeting = cast
    rules_url = f"/projects/{project.pk}/ground-rules/"
    page = ui.page

    ui.sign_in(amira)
    ui.goto(rules_url)
    page.get_by_label("Suggest a ground rule").fill("We listen without talking over each other.")
    with page.expect_navigation():
        page.get_by_role("button", name="Suggest this rule").click()
    ui.seen("ground rule suggested")
    assert GroundRule.objects.get(project=project).state == "proposed"

    ui.sign_out()
    ui.sign_in(tom)
    ui.goto(rules_url)
    with page.expect_navigation():
        page.get_by_role("link", name="Agree it after a board").click()
    ui.seen("agree after a board")
    page.get_by_label("Our ground rules").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Agree the rule").click()
    ui.seen("ground rule agreed")
    assert "Agreed after people talked on the board" in ui.text()

    ui.sign_out()
    ui.sign_in(amira)
    ui.goto(f"/projects/{project.pk}/")
    assert "We listen without talking over each other." in ui.text() and "0808 808 7777" in ui.text()
    ui.seen("project page with ground rules and support")

    ui.goto(f"/projects/{project.pk}/meetings/{meeting.pk}/check-in/")
    assert "I'd rather not say" in ui.text()
    page.get_by_role("group", name="How are you feeling?").get_by_label("1: Bad").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    ui.seen("support after a low check-in")
    assert "Carers UK Helpline" in ui.text() and "Would you like the organiser to get in touch" in ui.text()
    page.get_by_label("No, thank you").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answer").click()
    ui.seen("meeting page after saying no")
    assert "We have not told anyone." in ui.text()
    assert not Message.objects.filter(idempotency_key__contains=":get_in_touch:").exists()
