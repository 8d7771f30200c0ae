"""Members who do not use the web get the health check too: Grace a letter by post, Joe a call with a
short script read out (health/partner_summary.py, docs/health.md "For members who do not use the web")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.audit.models import AuditEvent
from roundtable.health.registry import signs
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.services import message_deliver
from roundtable.projects import services as project_services
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")]


@pytest.fixture
def cast():
    project = ProjectFactory()
    organiser = project.created_by
    grace = user_create_by_proxy(actor=organiser, full_name="Grace Okafor", postal_address="12 Elm Road\nLeeds")
    profile_update(user=grace, actor=organiser, data={"channels": ["letter"]})
    joe = user_create_by_proxy(actor=organiser, full_name="Joe Bloggs", phone="07700 900123")
    profile_update(user=joe, actor=organiser, data={"channels": ["phone"]})
    for person in (grace, joe):
        project_services.member_add_by_proxy(actor=organiser, project=project, user=person)
    amira = MembershipFactory(project=project).user  # uses the web: reads it there
    return project, organiser, grace, joe, amira


def test_grace_gets_a_letter_and_joe_a_call_script_with_no_names_and_no_staff_steps(client, cast):
    project, organiser, grace, joe, amira = cast
    client.force_login(organiser)
    url = reverse("health:send_summary", args=[project.pk])
    page = client.get(url).content.decode()
    assert "1 person gets a letter by post." in page and "1 person gets a phone call." in page
    response = client.post(url, {"once_key": "send-1"})
    assert response.status_code == 302

    letter = Message.objects.get(recipient=grace, kind="health_summary")
    call = Message.objects.get(recipient=joe, kind="health_summary")
    assert not Message.objects.filter(recipient=amira, kind="health_summary").exists()
    for sign in signs():  # every sign, in plain words, as partners see it on the page
        assert f"{sign.number}. {sign.plain}:" in letter.body
    assert call.body.startswith("Read this out.") and len(call.body) < len(letter.body)
    for text in (letter.body, call.body):
        for person in (grace, joe, amira, organiser):
            assert person.full_name not in text
        assert "Approve the claims" not in text and "Answer the barriers" not in text  # no staff steps

    message_deliver(message_id=letter.pk)
    message_deliver(message_id=call.pk)
    assert OrganiserTask.objects.filter(message=letter, kind="post").exists()
    assert OrganiserTask.objects.filter(message=call, kind="call").exists()
    assert AuditEvent.objects.filter(action="health.summary_sent", actor=organiser).count() == 1


def test_pressing_send_twice_in_a_day_sends_once(client, cast):
    project, organiser, grace, joe, _amira = cast
    client.force_login(organiser)
    url = reverse("health:send_summary", args=[project.pk])
    client.post(url, {"once_key": "a"})
    client.post(url, {"once_key": "b"})
    assert Message.objects.filter(kind="health_summary").count() == 2  # one each for Grace and Joe


def test_the_project_health_page_links_staff_to_it_and_not_partners(client, cast):
    project, organiser, _grace, _joe, amira = cast
    link = reverse("health:send_summary", args=[project.pk])
    client.force_login(organiser)
    assert link in client.get(reverse("health:project", args=[project.pk])).content.decode()
    client.force_login(amira)
    assert link not in client.get(reverse("health:project", args=[project.pk])).content.decode()
    assert client.post(link, {"once_key": "c"}).status_code == 403
    assert not Message.objects.filter(kind="health_summary").exists()
