"""Removing a person's staff roles removes their access everywhere at once: letters to post and calls to make
(which show phone numbers, addresses and access needs) follow the role held now, not the role at creation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import OrganiserTask, TaskKind
from roundtable.projects import services
from roundtable.projects.models import StaffRole


def _proxy_person(people, name: str, channels: list[str], **contact):
    person = user_create_by_proxy(actor=people.organiser, full_name=name, **contact)
    profile_update(user=person, actor=people.organiser, data={"channels": channels})
    services.member_add_by_proxy(actor=people.organiser, project=people.project, user=person)
    return person


@pytest.fixture
def tasks(people, django_capture_on_commit_callbacks):
    grace = _proxy_person(people, "Grace Williams", ["letter"], postal_address="4 Mill Lane\nNorthfield")
    joe = _proxy_person(people, "Joe Bloggs", ["phone"], phone="01632 960555")
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_send(actor=people.organiser, project=people.project, subject="Meeting", body="Tuesday")
    letter = OrganiserTask.objects.get(message__recipient=grace, kind=TaskKind.POST)
    call = OrganiserTask.objects.get(message__recipient=joe, kind=TaskKind.CALL)
    return letter, call


def _pages(client):
    return {
        "letters": client.get(reverse("notifications:letters")).content.decode(),
        "calls": client.get(reverse("notifications:calls")).content.decode(),
    }


def test_tasks_go_with_the_role_when_it_is_removed(client, people, tasks):
    letter, call = tasks
    assert letter.assignee == call.assignee == people.organiser
    client.force_login(people.organiser)
    before = _pages(client)
    assert "4 Mill Lane" in before["letters"] and "01632 960555" in before["calls"]

    services.staff_roles_set(actor=people.admin, organisation=people.organisation, user=people.organiser, roles=set())

    after = _pages(client)
    assert "4 Mill Lane" not in after["letters"]
    assert "01632 960555" not in after["calls"]
    assert client.get(reverse("notifications:letter_pdf", args=[letter.pk])).status_code == 404
    done = client.post(reverse("notifications:task_done", args=[call.pk]), {f"task-{call.pk}-result": "spoke"})
    assert done.status_code == 404
    call.refresh_from_db()
    assert call.status == "open"

    # Nobody is skipped: the admin has them now, and that is audited.
    letter.refresh_from_db()
    assert letter.assignee == call.assignee == people.admin
    assert AuditEvent.objects.filter(action="notifications.tasks_handed_on", subject=people.organiser).exists()
    client.force_login(people.admin)
    pages = _pages(client)
    assert "4 Mill Lane" in pages["letters"] and "01632 960555" in pages["calls"]


def test_a_task_made_after_the_role_went_goes_to_someone_who_holds_it(
    client, people, tasks, django_capture_on_commit_callbacks
):
    """Tom is still the project's contact, but no longer an organiser: new letters are not his."""
    services.staff_roles_set(actor=people.admin, organisation=people.organisation, user=people.organiser, roles=set())
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_send(actor=people.admin, project=people.project, subject="Moved", body="Wednesday")
    newest = OrganiserTask.objects.filter(kind=TaskKind.POST).latest("id")
    assert newest.message.subject == "Moved"
    assert newest.assignee == people.admin


def test_a_task_is_hidden_the_moment_the_role_row_goes_even_before_handing_on(client, people, tasks):
    """The rule is read when the page is asked for, so no cached role keeps a page open."""
    from roundtable.projects.models import StaffMembership

    StaffMembership.objects.filter(user=people.organiser, organisation=people.organisation).delete()
    client.force_login(people.organiser)
    pages = _pages(client)
    assert "4 Mill Lane" not in pages["letters"] and "01632 960555" not in pages["calls"]


def test_changing_between_organiser_roles_keeps_the_tasks(client, people, tasks):
    services.staff_roles_set(
        actor=people.admin, organisation=people.organisation, user=people.organiser, roles={StaffRole.ADMIN}
    )
    letter, _call = tasks
    letter.refresh_from_db()
    assert letter.assignee == people.organiser
    client.force_login(people.organiser)
    assert "4 Mill Lane" in _pages(client)["letters"]
