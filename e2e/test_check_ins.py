"""The check-in after a meeting in a real browser, at phone and desktop width, with axe on every page.

1. Amira answers the check-in, with the four "how it felt" questions, and skips the ones she wants to.
2. Tom reads the answers and types in the ones Joe gave on the phone.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from roundtable.accounts.tests.factories import person
from roundtable.feedback.models import CheckInAnswer
from roundtable.feedback.tests.factories_checkins import CheckInFactory
from roundtable.lib.sample_text import stretch
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def cast(transactional_db):
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["email"])
    joe = person("joe@e2e.example", "Joe Bennett", known_as="Joe", channels=["phone"], phone="07700900782")
    org = OrganisationFactory(admin=tom, name=stretch("Northgate University", 150), kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title=stretch("Support at school", 150))
    for user in (amira, joe):
        MembershipFactory(project=project, user=user, invited_by=tom)
    start = timezone.now() - dt.timedelta(hours=3)
    meeting = MeetingFactory(
        project=project, title=stretch("First meeting", 150), starts_at=start, ends_at=start + dt.timedelta(hours=1),
        created_by=tom, already_held=True,
    )  # fmt: skip
    CheckInFactory(meeting=meeting, created_by=tom)
    return tom, amira, joe, project, meeting


def test_a_partner_answers_the_check_in_and_an_organiser_types_in_a_phone_answer(ui, cast):
    tom, amira, joe, project, meeting = cast
    url = f"/projects/{project.pk}/meetings/{meeting.pk}/check-in/"
    ui.sign_in(amira)
    ui.goto(url)
    page = ui.page
    assert "How taking part felt" in ui.text()
    page.get_by_role("group", name="I felt heard").get_by_label("4: Mostly").check()
    page.get_by_role("group", name="My voice changed things").get_by_label("2: Not much").check()
    page.get_by_role("group", name="There were enough ways for me to take part").get_by_label(
        "5: Yes, very much"
    ).check()
    page.get_by_label("What should we change?").fill("Send the papers a week before.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    ui.seen("check-in answered")
    answer = CheckInAnswer.objects.get(person=amira)
    assert (answer.heard, answer.voice_changed, answer.enough_ways, answer.what_matters) == (4, 2, 5, None)

    ui.sign_out()
    ui.sign_in(tom)
    ui.goto(url)
    assert "My voice changed things" in ui.text() and "2.0 / 5" in ui.text()
    ui.seen("check-in results")
    ui.goto(f"/projects/{project.pk}/meetings/{meeting.pk}/check-in/for/{joe.pk}/")
    page.get_by_role("group", name="We talked about what matters to people like me").get_by_label(
        "3: Some of the time"
    ).check()
    page.get_by_role("group", name="The organisation changed because of what we said").get_by_label(
        "1: Not at all"
    ).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save Joe's answers").click()
    ui.seen("phone answers saved")
    answer = CheckInAnswer.objects.get(person=joe)
    assert (answer.what_matters, answer.organisation_changed, answer.by_proxy) == (3, 1, True)
