"""Support contacts (issue 16): organisers name them; partners see them on the project's pages, in letters
and in call scripts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.notifications.channels.phone import call_script_for
from roundtable.notifications.letter_parts import spoken_parts_for
from roundtable.notifications.letters import _letter_html_context, content_for
from roundtable.notifications.services import message_queue
from roundtable.projects.models import SupportContact
from roundtable.projects.support import support_contact_create, support_contact_remove, support_contact_update

pytestmark = pytest.mark.django_db
EVIL = '<script>alert("x")</script>'


def _add(people, **kw):
    data = {"kind": "advice", "name": "Carers UK Helpline " + EVIL, "helps_with": "Advice for carers",
            "phone": "0808 808 7777", "hours": "Monday and Tuesday, 9am to 6pm"}  # fmt: skip
    return support_contact_create(actor=people.organiser, project=people.project, **{**data, **kw})


def test_an_organiser_adds_a_contact_and_partners_see_it_on_the_project_pages(client, people):
    client.force_login(people.organiser)
    url = reverse("projects:support", args=[people.project.pk])
    response = client.post(
        url, {"kind": "safeguarding", "name": "Dr Ann Lee " + EVIL, "email": "safe@example.org", "hours": "Weekdays"}
    )
    assert response.status_code == 302
    contact = SupportContact.objects.get()
    assert (contact.kind, contact.email) == ("safeguarding", "safe@example.org")
    client.force_login(people.partner)
    for page in (url, reverse("projects:project", args=[people.project.pk])):  # the meeting page: safety's tests
        html = client.get(page).content.decode()
        assert "Dr Ann Lee" in html and "mailto:safe@example.org" in html and "Safeguarding lead" in html, page
        assert EVIL not in html
    # Every other page of the project links to them from its foot.
    html = client.get(reverse("projects:members", args=[people.project.pk])).content.decode()
    assert f'href="{url}"' in html and "Need support?" in html


def test_a_contact_needs_a_phone_or_an_email_and_nothing_typed_is_lost(client, people):
    client.force_login(people.organiser)
    url = reverse("projects:support", args=[people.project.pk])
    response = client.post(url, {"kind": "advice", "name": "Family Lives", "helps_with": "Family worries"})
    html = response.content.decode()
    assert response.status_code == 200 and "Give a phone number or an email address" in html
    assert 'value="Family Lives"' in html and "Family worries" in html
    assert not SupportContact.objects.exists()
    response = client.post(url, {"kind": "advice", "name": "Family Lives", "phone": "call me"})
    assert "Type only numbers and spaces" in response.content.decode()


def test_only_organisers_change_contacts(client, people):
    contact = _add(people)
    with pytest.raises(PermissionDenied):
        support_contact_create(actor=people.partner, project=people.project, name="Me", phone="1")
    with pytest.raises(PermissionDenied):
        support_contact_remove(actor=people.partner, contact=contact)
    client.force_login(people.partner)
    response = client.post(reverse("projects:support", args=[people.project.pk]), {"name": "X", "phone": "1"})
    assert response.status_code == 403
    assert client.post(reverse("projects:support_remove", args=[people.project.pk, contact.pk])).status_code == 403
    client.force_login(people.organiser)
    changed = support_contact_update(actor=people.organiser, contact=contact, hours="Every day")
    assert changed.hours == "Every day"
    with pytest.raises(ValidationError):
        support_contact_update(actor=people.organiser, contact=contact, phone="", email="")
    client.post(reverse("projects:support_remove", args=[people.project.pk, contact.pk]))
    assert not SupportContact.objects.exists()


def _message(people, recipient, key="test:support:1"):
    return message_queue(
        recipient=recipient, subject="Next meeting", body="We meet on Tuesday.", kind="test",
        idempotency_key=key, organiser=people.organiser, group_label=people.project.title,
        organisation_id=people.project.organisation_id,
    )  # fmt: skip


def test_letters_print_the_support_contacts(people):
    _add(people)
    letter = content_for(_message(people, people.partner))
    assert [line.name for line in letter.support] == ["Carers UK Helpline " + EVIL]
    from django.template.loader import render_to_string

    html = render_to_string("notifications/pdf/letters.html", {"letters": [_letter_html_context(letter)]})
    assert "If you want to talk to someone" in html and "0808 808 7777" in html and EVIL not in html


def test_call_scripts_read_out_the_support_contacts_in_a_fixed_number_of_queries(people):
    _add(people)
    one = _message(people, people.partner)
    script = call_script_for([one])
    assert "If you ever want to talk to someone" in script and "0808 808 7777" in script
    assert script.index("0808 808 7777") < script.index("Do you have any questions?")
    many = [_message(people, people.partner, key=f"test:support:{n}") for n in range(2, 8)]
    with CaptureQueriesContext(connection) as few:
        spoken_parts_for([one])
    with CaptureQueriesContext(connection) as more:
        found = spoken_parts_for([one, *many])
    assert len(more) == len(few) and len(found) == 7
