"""Organisations and projects have a phone number and postal address for partners: set, checked, shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.projects.letters import contact_for_project

pytestmark = pytest.mark.django_db

ADDRESS = "Room 4, Hall Building\nUniversity Road\nNorthfield NF1 2AB"


def test_an_admin_sets_the_organisations_phone_and_address_and_it_is_audited(client, people):
    client.force_login(people.admin)
    url = reverse("projects:org_contact", args=[people.organisation.slug])
    response = client.post(
        url,
        {
            "phone": "0113  496 0000",
            "postal_address": "  Room 4, Hall Building\n\nUniversity Road\nNorthfield NF1 2AB ",
        },
    )
    assert response.status_code == 302
    people.organisation.refresh_from_db()
    assert people.organisation.phone == "0113 496 0000"
    assert people.organisation.postal_address == ADDRESS
    assert AuditEvent.objects.filter(action="organisation.contact_changed", actor=people.admin).count() == 1
    page = client.get(reverse("projects:org_dashboard", args=[people.organisation.slug])).content.decode()
    assert "0113 496 0000" in page and "University Road" in page
    client.post(url, {"phone": "0113 496 0000", "postal_address": ADDRESS})  # the same again: nothing changes
    assert AuditEvent.objects.filter(action="organisation.contact_changed").count() == 1


def test_a_phone_number_that_is_not_one_is_refused_at_the_field_and_kept(client, people):
    client.force_login(people.admin)
    url = reverse("projects:org_contact", args=[people.organisation.slug])
    response = client.post(url, {"phone": "ring me", "postal_address": ADDRESS})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a phone number using numbers only, like 0113 496 0000" in page
    assert 'value="ring me"' in page and "University Road" in page
    people.organisation.refresh_from_db()
    assert people.organisation.phone == ""


def test_partners_see_the_projects_phone_and_address_where_they_look_for_contact(client, people):
    people.organisation.phone, people.organisation.postal_address = "0113 496 0000", ADDRESS
    people.organisation.save()
    client.force_login(people.partner)
    page = client.get(reverse("projects:offer", args=[people.project.pk])).content.decode()
    assert "0113 496 0000" in page and "University Road" in page
    # A project's own number wins over the organisation's, here and on letters.
    client.force_login(people.organiser)
    url = reverse("projects:offer_edit", args=[people.project.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("expenses_covered",)}
    data.update(
        {"phone": "07700 900123", "postal_address": "", "pay_rate": people.rate.pk, "contact": people.organiser.pk}
    )
    assert client.post(url, data).status_code == 302
    people.project.refresh_from_db()
    assert people.project.phone == "07700 900123"
    contact = contact_for_project(people.project)
    assert (contact.name, contact.phone, contact.address) == ("Tom Reid", "07700 900123", ADDRESS)
    client.force_login(people.partner)
    assert "07700 900123" in client.get(reverse("projects:offer", args=[people.project.pk])).content.decode()


def test_a_new_organisation_can_give_its_phone_and_address_straight_away(client, people):
    client.force_login(people.outsider)
    response = client.post(
        reverse("projects:org_create"),
        {"name": "Northfield Carers", "kind": "charity", "phone": "+44 113 496 0999", "postal_address": ADDRESS},
    )
    assert response.status_code == 302
    organisation = people.outsider.staff_roles.get().organisation
    assert (organisation.phone, organisation.postal_address) == ("+44 113 496 0999", ADDRESS)
