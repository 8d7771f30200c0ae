from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from roundtable.projects import services
from roundtable.projects.models import Project
from roundtable.projects.offer import offer_missing, rate_in_force
from roundtable.projects.tests.conftest import complete_offer


def test_an_empty_offer_lists_every_essential(people):
    draft = services.project_create(
        actor=people.organiser, organisation=people.organisation, title="Draft", visibility="open"
    )
    draft.contact = None
    draft.save()
    missing = offer_missing(draft)
    assert len(missing) == 7  # purpose, time, pay, steps, dates, contact, outcome
    with pytest.raises(services.OfferIncomplete) as refused:
        services.project_publish(actor=people.organiser, project=draft)
    assert refused.value.missing == missing
    draft.refresh_from_db()
    assert draft.status == Project.Status.DRAFT


def test_unpaid_needs_a_reason(people):
    draft = services.project_create(
        actor=people.organiser, organisation=people.organisation, title="Survey", visibility="open"
    )
    complete_offer(draft, people.organiser, rate=None)
    assert offer_missing(draft) == []
    draft.unpaid_reason = ""
    assert offer_missing(draft) == ["The pay, or why the role is unpaid"]


def test_publishing_an_incomplete_offer_shows_what_is_missing(client, people):
    draft = services.project_create(
        actor=people.organiser, organisation=people.organisation, title="Half done", visibility="open"
    )
    client.force_login(people.organiser)
    response = client.post(reverse("projects:publish", args=[draft.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "What the project is for" in page
    assert "How and when partners will be told the outcome" in page
    assert "A named person to contact" not in page  # the creator is the contact by default


def test_publishing_twice_is_harmless(people):
    first = people.project.published_at
    services.project_publish(actor=people.organiser, project=people.project)
    people.project.refresh_from_db()
    assert people.project.published_at == first


def test_bad_input_is_shown_at_the_field_and_kept(client, people):
    client.force_login(people.organiser)
    url = reverse("projects:offer_edit", args=[people.project.pk])
    response = client.post(
        url, {"title": "Better sleep", "visibility": "open", "purpose": "My careful words", "hours_per_month": "lots"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the hours as a number, like 3 or 2.5" in page
    assert "My careful words" in page
    assert 'value="lots"' in page
    assert "There is a problem" in page


def test_offer_quotes_the_rate_in_force_today(people, settings):
    uplift = services.pay_rate_add(
        actor=people.admin,
        organisation=people.organisation,
        activity="Meetings",
        unit="hour",
        amount=Decimal("27.50"),
        effective_from=dt.date(2025, 12, 16),
        source_note="NIHR 10% uplift",
    )
    assert rate_in_force(people.rate, dt.date(2025, 12, 15)) == people.rate
    assert rate_in_force(people.rate, dt.date(2025, 12, 16)) == uplift


def test_open_project_offer_is_public_and_takes_interest(client, people):
    project = people.project
    project.visibility = Project.Visibility.OPEN
    project.save()
    response = client.get(reverse("projects:offer", args=[project.pk]))
    assert response.status_code == 200
    assert "£25.00" in response.content.decode()
    bad = client.post(reverse("projects:interest", args=[project.pk]), {"name": "Joe", "email": "not-an-email"})
    assert bad.status_code == 400
    assert "Enter an email address in the right format" in bad.content.decode()
    ok = client.post(reverse("projects:interest", args=[project.pk]), {"name": "Joe", "email": "joe@example.com"})
    assert ok.status_code == 200
    again = client.post(reverse("projects:interest", args=[project.pk]), {"name": "Joe", "email": "joe@example.com"})
    assert again.status_code == 200
    assert project.interests.count() == 1


def test_draft_open_project_is_not_public(client, people):
    draft = services.project_create(
        actor=people.organiser, organisation=people.organisation, title="Secret plan", visibility="open"
    )
    assert client.get(reverse("projects:offer", args=[draft.pk])).status_code == 404


def test_ending_a_project_is_recorded_once(people):
    from roundtable.audit.models import AuditEvent

    ended = services.project_end(actor=people.organiser, project=people.project)
    again = services.project_end(actor=people.organiser, project=people.project)
    assert ended.status == again.status == Project.Status.ENDED
    assert AuditEvent.objects.filter(action="project.ended").count() == 1


def test_the_first_step_added_is_the_current_one(people):
    project = people.project
    first = services.step_add(actor=people.organiser, project=project, title="Listen")
    services.step_add(actor=people.organiser, project=project, title="Design")
    services.step_add(actor=people.organiser, project=project, title="Test")
    project.refresh_from_db()
    assert project.current_step == first


def test_the_project_page_quotes_a_new_rate_the_day_it_takes_effect(client, people, time_machine):
    services.pay_rate_add(
        actor=people.admin,
        organisation=people.organisation,
        activity="Meetings",
        unit="hour",
        amount=Decimal("27.50"),
        effective_from=dt.date(2031, 1, 1),
        source_note="uplift",
    )
    url = reverse("projects:project", args=[people.project.pk])
    time_machine.move_to(dt.datetime(2030, 12, 31, 12, 0, tzinfo=dt.UTC))
    client.force_login(people.partner)
    assert "£25.00" in client.get(url).content.decode()
    time_machine.move_to(dt.datetime(2031, 1, 1, 12, 0, tzinfo=dt.UTC))
    client.force_login(people.partner)
    page = client.get(url).content.decode()
    assert "£27.50" in page and "£25.00" not in page


def test_steps_and_dates_are_essentials_like_pay_and_hours(client, people):
    """An offer that would say "No steps yet" and "No dates yet" cannot be published (issue 13)."""
    draft = services.project_create(
        actor=people.organiser, organisation=people.organisation, title="Play parks", visibility="open"
    )
    complete_offer(draft, people.organiser, rate=people.rate)
    draft.steps.all().delete()
    draft.milestones.all().delete()
    missing = ["Steps: what partners will do, in order", "Dates: at least one date on the timeline"]
    assert offer_missing(draft) == missing
    with pytest.raises(services.OfferIncomplete):
        services.project_publish(actor=people.organiser, project=draft)
    client.force_login(people.organiser)
    page = client.get(reverse("projects:project", args=[draft.pk])).content.decode()
    assert all(item in page for item in missing)
    services.step_add(actor=people.organiser, project=draft, title="Visit the parks")
    assert offer_missing(draft) == missing[1:]
    services.milestone_add(actor=people.organiser, project=draft, title="First visit", due=dt.date(2027, 5, 1))
    assert offer_missing(draft) == []
    assert services.project_publish(actor=people.organiser, project=draft).is_published


def test_the_time_it_takes_shows_in_hours_and_minutes(client, people):
    """Issue 12: hours show as "1 hour 30 minutes", not "1.5 hours"."""
    complete_offer(people.project, people.organiser)
    Project.objects.filter(pk=people.project.pk).update(hours_per_month=Decimal("1.5"))
    client.force_login(people.organiser)
    page = client.get(reverse("projects:project", args=[people.project.pk])).content.decode()
    assert "About 1 hour 30 minutes a month" in page
    assert "1.5 hours" not in page
