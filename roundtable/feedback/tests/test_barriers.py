"""Barriers: raising, answering step by step (the person told each time), overdue, and from departures."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from roundtable.feedback import selectors, services
from roundtable.feedback.models import Barrier
from roundtable.feedback.tests.conftest import EVIL, raise_barrier
from roundtable.notifications.models import Message
from roundtable.projects import services as project_services


def test_raise_via_page_then_answer_resolve_telling_the_person_each_step(client, people):
    client.force_login(people.joe)
    url = reverse("feedback:barrier_new", args=[people.project.pk])
    bad = client.post(url, {"description": "x" * 2001})
    assert bad.status_code == 200 and "Choose what kind of barrier it is." in bad.content.decode()
    assert "x" * 100 in bad.content.decode()  # nothing typed is lost
    response = client.post(
        url, {"category": "meeting_times", "description": "Meetings are at school pick-up time " + EVIL}
    )
    barrier = Barrier.objects.get()
    assert response.status_code == 302
    assert barrier.owner == people.organiser  # the project's contact, or whoever made it
    assert barrier.due_on == timezone.localdate() + dt.timedelta(days=7)
    assert Message.objects.filter(recipient=people.joe, idempotency_key=f"barrier:{barrier.pk}:raised").exists()
    assert Message.objects.filter(recipient=people.organiser, kind="feedback").exists()
    html = client.get(reverse("feedback:barrier", args=[people.project.pk, barrier.pk])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html

    client.force_login(people.organiser)
    page = reverse("feedback:barrier", args=[people.project.pk, barrier.pk])
    assert client.post(page, {"action": "answer", "status": "not_possible"}).status_code == 200  # reason needed
    client.post(page, {"action": "answer", "status": "responded", "response": "We will move to 8pm."})
    barrier.refresh_from_db()
    assert barrier.status == "responded" and barrier.responded_at is not None
    client.post(page, {"action": "answer", "status": "responded", "response": "We will move to 8pm."})  # twice
    assert Message.objects.filter(idempotency_key=f"barrier:{barrier.pk}:responded").count() == 1
    client.post(page, {"action": "answer", "status": "resolved", "response": "Meetings are now at 8pm."})
    barrier.refresh_from_db()
    assert barrier.status == "resolved" and barrier.closed_at
    keys = set(Message.objects.filter(recipient=people.joe).values_list("idempotency_key", flat=True))
    assert {f"barrier:{barrier.pk}:raised", f"barrier:{barrier.pk}:responded", f"barrier:{barrier.pk}:resolved"} <= keys


def test_not_possible_needs_a_reason_and_tells_it(people):
    barrier = raise_barrier(people)
    with pytest.raises(ValidationError):
        services.barrier_answer(actor=people.organiser, barrier=barrier, status="not_possible", reason="  ")
    services.barrier_answer(
        actor=people.organiser, barrier=barrier, status="not_possible", reason="The room is booked."
    )
    message = Message.objects.get(idempotency_key=f"barrier:{barrier.pk}:not_possible")
    assert "The room is booked." in message.body
    with pytest.raises(ValidationError):
        services.barrier_answer(actor=people.organiser, barrier=barrier, status="responded", response="More")


def test_overdue_barriers_stand_out_for_organisers(client, people):
    barrier = raise_barrier(people)
    with time_machine.travel(timezone.now() + dt.timedelta(days=9)):
        client.force_login(people.organiser)
        html = client.get(reverse("feedback:barriers", args=[people.project.pk])).content.decode()
        assert "1 barrier is late" in html and "rt-row--late" in html
        data = selectors.barrier_list(access=_access(people.organiser, people), user=people.organiser)
        assert data.overdue == 1 and data.rows[0].pk == barrier.pk
        services.barrier_answer(actor=people.organiser, barrier=barrier, status="responded", response="Sorry, yes.")
    measures = selectors.listening_measures(project=people.project)
    assert measures["barriers"]["average_response"] >= dt.timedelta(days=9)


def _access(user, people):
    from roundtable.projects.permissions import project_access

    return project_access(user, people.project)


def test_members_see_their_own_and_shared_barriers_only(client, people):
    private = raise_barrier(people, who=people.joe, text="Private")
    shared = services.barrier_raise(
        actor=people.partner, project=people.project, category="costs", description="Bus fares", shared=True
    )
    client.force_login(people.professional)
    assert client.get(reverse("feedback:barrier", args=[people.project.pk, private.pk])).status_code == 404
    assert client.get(reverse("feedback:barrier", args=[people.project.pk, shared.pk])).status_code == 200
    html = client.get(reverse("feedback:barriers", args=[people.project.pk]) + "?show=all").content.decode()
    assert "Bus fares" in html and "Private" not in html


def test_declines_and_leavings_with_a_reason_become_barriers_once(people, client):
    from roundtable.projects.models import Membership

    invitation = project_services.invitation_create(
        actor=people.organiser, project=people.project, email="new@example.com"
    )
    project_services.invitation_decline(invitation=invitation, reason="The meetings are at school pick-up time")
    membership = Membership.objects.get(project=people.project, user=people.partner)
    project_services.membership_leave(actor=people.partner, membership=membership, reason="I cannot afford the bus")
    assert services.barriers_from_departures() == 2
    assert services.barriers_from_departures() == 0
    kinds = dict(Barrier.objects.values_list("source", "category"))
    assert kinds == {"declined": "meeting_times", "left": "costs"}
    assert Barrier.objects.get(source="left").raised_by == people.partner
    # The organiser's list runs the sweep itself, so it is never behind.
    invitation = project_services.invitation_create(
        actor=people.organiser, project=people.project, email="x@example.com"
    )
    project_services.invitation_decline(invitation=invitation, reason="No childcare")
    client.force_login(people.organiser)
    html = client.get(reverse("feedback:barriers", args=[people.project.pk])).content.decode()
    assert "No childcare" in html
    assert Barrier.objects.count() == 3
