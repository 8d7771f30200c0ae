from __future__ import annotations

from html import unescape

from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.projects import services


def test_organiser_adds_grace_by_proxy(client, people):
    client.force_login(people.organiser)
    response = client.post(
        reverse("projects:add_by_proxy", args=[people.project.pk]),
        {"full_name": "Grace Williams", "postal_address": "4 Mill Lane\nNorthfield", "role": "partner"},
    )
    assert response.status_code == 302
    grace = User.objects.get(full_name="Grace Williams")
    assert grace.uses_web is False and grace.email is None
    assert AuditEvent.objects.filter(subject=grace, by_proxy=True, action="membership.added_by_proxy").exists()
    answers = client.get(reverse("projects:proxy_answers", args=[people.project.pk, grace.pk]))
    assert answers.status_code == 200
    assert "Tom Reid added Grace Williams to Better sleep on their behalf" in answers.content.decode()


def test_proxy_person_needs_a_way_to_be_reached(client, people):
    client.force_login(people.organiser)
    response = client.post(
        reverse("projects:add_by_proxy", args=[people.project.pk]), {"full_name": "Grace", "role": "partner"}
    )
    assert response.status_code == 200
    assert "so we can reach them" in response.content.decode()


def test_message_to_members_goes_through_the_outbox_each_their_way(client, people, django_capture_on_commit_callbacks):
    from roundtable.accounts.services import profile_update, user_create_by_proxy

    grace = user_create_by_proxy(actor=people.organiser, full_name="Grace Williams", postal_address="4 Mill Lane")
    profile_update(user=grace, actor=people.organiser, data={"channels": ["letter"]})
    services.member_add_by_proxy(actor=people.organiser, project=people.project, user=grace)

    client.force_login(people.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:announce", args=[people.project.pk]),
            {"subject": "First meeting", "body": "It is on Tuesday at 8pm."},
        )
    assert response.status_code == 302
    announcement = people.project.announcements.get()
    messages = Message.objects.filter(idempotency_key__startswith=f"announcement:{announcement.pk}:")
    assert {m.recipient for m in messages} == {people.partner, people.professional, grace}
    task = OrganiserTask.objects.get(message__recipient=grace)
    assert task.kind == "post"
    status_page = client.get(response["Location"]).content.decode()
    assert "Grace Williams" in status_page


def test_announcement_status_is_for_organisers_only(client, people):
    announcement = services.announcement_send(actor=people.organiser, project=people.project, subject="Hi", body="x")
    client.force_login(people.partner)
    url = reverse("projects:announcement", args=[people.project.pk, announcement.pk])
    assert client.get(url).status_code == 403


def test_acting_for_grace_the_task_list_and_sharing_page_say_whose_answers(client, people):
    """Issue 12: acting for Grace, every heading and button says whose answers they are."""
    client.force_login(people.organiser)
    client.post(
        reverse("projects:add_by_proxy", args=[people.project.pk]),
        {"full_name": "Grace Williams", "postal_address": "4 Mill Lane\nNorthfield", "role": "partner"},
    )
    grace = User.objects.get(full_name="Grace Williams")
    answers = unescape(
        client.get(reverse("projects:proxy_answers", args=[people.project.pk, grace.pk])).content.decode()
    )
    assert "What Grace shares with this project" in answers
    assert "Finish Grace's answers" in answers
    sharing = unescape(
        client.get(reverse("projects:proxy_sharing", args=[people.project.pk, grace.pk])).content.decode()
    )
    assert "What can the project team see of Grace's answers?" in sharing
    assert "Save what Grace shares" in sharing
    assert ">Save<" not in sharing.replace(" ", "").replace("\n", "")
