"""The "Check my writing" panel in the progress update and outcome editors.

For each editor: the button checks without sending and keeps what was typed, htmx gets only the
panel, and an organisation that asks writers to confirm they read the advice gets an error at the
box, with nothing lost and nothing sent, until the box is ticked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from roundtable.glossary import services as glossary_services
from roundtable.notifications.models import Message
from roundtable.updates.models import Outcome, ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

HARD = (
    "Subsequently, the multidisciplinary steering committee will evaluate the methodological considerations "
    "associated with the implementation of the intervention, and the PPI group will be consulted prior to "
    "dissemination of the findings to stakeholders across the region."
)


@dataclass
class Editor:
    name: str  # the URL name
    data: Callable[[str], dict]
    saved: Callable[[], bool]
    field_id: str


EDITORS = {
    "progress update": Editor(
        name="updates:update_new",
        data=lambda text: {"title": "Where we are", "body": text, "easy_read_url": ""},
        saved=lambda: ProgressUpdate.objects.filter(body=HARD).exists(),
        field_id="id_body",
    ),
    "outcome": Editor(
        name="updates:outcome_new",
        data=lambda text: {
            "title": "What we found",
            "found": text,
            "input_effect": "You chose what we measured.",
            "easy_read_url": "",
            "milestone": "",
            "final": "on",
        },
        saved=lambda: Outcome.objects.filter(found=HARD).exists(),
        field_id="id_found",
    ),
}


@pytest.fixture(params=list(EDITORS))
def editor(request) -> Editor:
    return EDITORS[request.param]


def url(world, editor: Editor) -> str:
    return reverse(editor.name, args=[world.project.pk])


def test_the_editor_offers_the_check(client, world, editor):
    client.force_login(world.organiser)
    html = client.get(url(world, editor)).content.decode()
    assert 'id="writing-check"' in html and 'value="check"' in html
    assert 'data-hx-post="' + url(world, editor) + '"' in html
    assert "django_htmx/htmx-2.min.js" in html


def test_the_button_checks_keeps_what_was_typed_and_sends_nothing(client, world, editor):
    client.force_login(world.organiser)
    before = Message.objects.count()
    response = client.post(url(world, editor), {**editor.data(HARD), "writing_check": "check"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hard to read" in html and "“prior to”: try “before”" in html
    assert "methodological considerations" in html
    assert "govuk-error-summary" not in html
    assert not editor.saved() and Message.objects.count() == before


def test_checking_an_empty_form_does_not_complain(client, world, editor):
    client.force_login(world.organiser)
    html = client.post(url(world, editor), {"writing_check": "check"}).content.decode()
    assert "govuk-error-summary" not in html and "When you have written something" in html


def test_htmx_gets_only_the_panel(client, world, editor):
    client.force_login(world.organiser)
    response = client.post(url(world, editor), {**editor.data(HARD), "writing_check": "live"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" not in html and "Hard to read" in html and "dissemination" in html
    assert not editor.saved()


def test_sending_still_works_and_errors_still_show(client, world, editor):
    client.force_login(world.organiser)
    response = client.post(url(world, editor), {**editor.data(HARD), "title": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "methodological considerations" in html
    assert "Hard to read" in html  # the advice comes back with the errors
    response = client.post(url(world, editor), editor.data(HARD))
    assert response.status_code == 302 and editor.saved()


def test_policy_wants_the_box_ticked_before_sending(client, world, editor):
    glossary_services.writing_policy_set(
        actor=world.admin, organisation=world.project.organisation, require_confirmation=True
    )
    client.force_login(world.organiser)
    before = Message.objects.count()
    response = client.post(url(world, editor), editor.data(HARD))
    html = response.content.decode()
    assert "tick the box to say you have read it" in html
    assert 'href="#id_writing-confirmed"' in html
    assert 'id="id_writing-confirmed"' in html and "govuk-form-group--error" in html
    assert "methodological considerations" in html and 'id="' + editor.field_id + '"' in html
    assert not editor.saved() and Message.objects.count() == before
    response = client.post(url(world, editor), {**editor.data(HARD), "writing-confirmed": "on"})
    assert response.status_code == 302 and editor.saved()


def test_policy_does_not_ask_when_there_is_nothing_to_change(client, world):
    glossary_services.writing_policy_set(
        actor=world.admin, organisation=world.project.organisation, require_confirmation=True
    )
    client.force_login(world.organiser)
    data = {"title": "Where we are", "body": "We met twice. Next we will talk to schools.", "easy_read_url": ""}
    assert client.post(reverse("updates:update_new", args=[world.project.pk]), data).status_code == 302


@pytest.mark.parametrize("who, status", [("amira", 403), ("outsider", 404)])
def test_only_organisers_can_check(client, world, editor, who, status):
    client.force_login(getattr(world, who))
    response = client.post(url(world, editor), {"writing_check": "live"}, HTTP_HX_REQUEST="true")
    assert response.status_code == status


def test_how_often_page_has_no_check(client, world):
    client.force_login(world.organiser)
    html = client.get(reverse("updates:cadence", args=[world.project.pk])).content.decode()
    assert "Check my writing" not in html and "htmx" not in html
