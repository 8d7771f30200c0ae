"""Replies in a real browser, at phone and desktop width, with axe on every page.

1. Tom reads the organisation's replies page: a text from Amira to read, and a reply kept aside (script
   in it shown as text); he types in Joe's phone reply by proxy, and it shows on the project's feedback
   page as Joe's, marked as typed in by an organiser.
2. Amira, a partner, opens the anonymous form from the project (a 403 before issue 17) and sees who reads it.
"""

from __future__ import annotations

import pytest

from roundtable.accounts.tests.factories import person
from roundtable.feedback.services import feedback_link_get
from roundtable.lib.sample_text import stretch
from roundtable.notifications.letter_parts import letter_reference
from roundtable.notifications.models import Message
from roundtable.projects.models import Organisation
from roundtable.projects.services import announcement_send
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory
from roundtable.replies.services import reply_file_text

pytestmark = pytest.mark.e2e


@pytest.fixture
def cast(transactional_db):
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person(
        "amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["text", "email"], phone="07700900461"
    )
    joe = person("joe@e2e.example", "Joe Bennett", known_as="Joe", channels=["phone", "email"], phone="07700900782")
    org = OrganisationFactory(admin=tom, name=stretch("Northgate University", 150), kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title="Support at school")
    for user in (amira, joe):
        MembershipFactory(project=project, user=user, invited_by=tom)
    announcement_send(actor=tom, project=project, subject="Our first meeting", body="It is on Tuesday at 8pm.")
    kept = reply_file_text(
        provider_id="e2e-1", source_number="07700900999", text="<script>alert(1)</script>Who is this?"
    )
    kept.organisation = org
    kept.save()
    to_read = reply_file_text(provider_id="e2e-2", source_number="07700900461", text="Can I bring my son along?")
    to_read.organisation = org
    to_read.save()
    return tom, amira, joe, org, project


def test_tom_reads_replies_and_types_in_joes_phone_reply(ui, cast):
    tom, amira, joe, org, project = cast
    ui.sign_in(tom)
    ui.goto(f"/organisations/{org.slug}/replies/")
    text = ui.text()
    assert "Can I bring my son along?" in text and "<script>alert(1)</script>Who is this?" in text
    ui.seen("replies page")
    message = Message.objects.get(recipient=joe, idempotency_key__startswith="announcement:")
    ui.goto(f"/organisations/{org.slug}/replies/enter/?reference={letter_reference(message.pk)}")
    ui.page.check("#id_channel_1") if ui.page.locator("#id_channel_1").count() else ui.page.get_by_label(
        "On the phone"
    ).check()
    ui.page.fill("#id_text", "Joe says Tuesday is fine, and asks for a call the day before.")
    ui.seen("typing in joe's reply")
    ui.page.get_by_role("button", name="Save Joe's reply").click()
    assert "Joe's reply is saved" in ui.text()
    ui.seen("joe's reply saved", key=False)
    ui.goto(f"/projects/{project.pk}/anonymous-feedback/")
    assert "typed in by an organiser" in ui.text() and "Joe" in ui.text()
    ui.seen("joe's reply on the feedback page")


def test_amira_finds_the_anonymous_form_and_who_reads_it(ui, cast):
    tom, amira, joe, org, project = cast
    feedback_link_get(actor=tom, project=project)
    ui.sign_in(amira)
    ui.goto(f"/projects/{project.pk}/anonymous-feedback/")
    assert "Who reads it" in ui.text()
    ui.seen("anonymous form for a member")
    ui.page.get_by_role("link", name="Open the form").click()
    assert "Who reads it" in ui.text()
    ui.seen("the anonymous form")
