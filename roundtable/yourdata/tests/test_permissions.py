"""Who may open each /my-data/ page (outsiders get 404), and deleting an account from the page."""

from __future__ import annotations

import pytest
from django.test import Client

from roundtable.accounts.models import User
from roundtable.accounts.tests.factories import person
from roundtable.audit.models import AuditEvent
from roundtable.projects.tests.factories import (
    CAST,
    MembershipFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    build_people,
)
from roundtable.yourdata import services

pytestmark = pytest.mark.django_db

# URL name -> {role: status} for a GET. "owner" is Amira (her own download); "admin" Priya, the admin of
# the organisation Grace (added by proxy) belongs to; "organiser" Tom; "other_admin" an admin elsewhere.
TABLE = {
    "yourdata:home": {
        "anonymous": 302,
        "owner": 200,
        "partner": 200,
        "organiser": 200,
        "admin": 200,
        "other_admin": 200,
    },
    "yourdata:download": {
        "anonymous": 302,
        "owner": 200,
        "partner": 404,
        "organiser": 404,
        "admin": 404,
        "other_admin": 404,
    },
    "yourdata:delete": {
        "anonymous": 302,
        "owner": 200,
        "partner": 200,
        "organiser": 200,
        "admin": 200,
        "other_admin": 200,
    },
    "yourdata:deleted": {
        "anonymous": 200,
        "owner": 200,
        "partner": 200,
        "organiser": 200,
        "admin": 200,
        "other_admin": 200,
    },
    "yourdata:delete_for": {
        "anonymous": 302,
        "owner": 404,
        "partner": 404,
        "organiser": 404,
        "admin": 200,
        "other_admin": 404,
    },
}
POSTS = {"yourdata:ask": {"anonymous": 302, "owner": 302}}


@pytest.fixture
def world():
    w = build_people({**CAST, "joe": {"email": "joe@example.com", "full_name": "Joe Bennett"}})
    w.owner = w.partner
    w.partner = w.joe
    w.grace = person(None, "Grace Okonkwo", uses_web=False, channels=["letter"], postal_address="12 Elm Road\nLeeds")
    MembershipFactory(project=w.project, user=w.grace, joined="proxy", invited_by=w.organiser)
    w.other_admin = person("other.admin@example.org", "Olu Adeyemi")
    StaffMembershipFactory(organisation=OrganisationFactory(admin=w.other_admin), user=w.other_admin, role="organiser")
    request = services.data_request_create(person=w.owner, actor=w.owner)
    services.data_request_build(request_id=request.pk)
    w.token = request.token
    return w


def url(name: str, w) -> str:
    from django.urls import reverse

    args = {"yourdata:download": [w.token], "yourdata:delete_for": [w.grace.pk]}.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("name", TABLE)
def test_who_may_open_each_page(world, name):
    for role, expected in TABLE[name].items():
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(world, role))
        assert client.get(url(name, world)).status_code == expected, (name, role)


def test_asking_needs_signing_in(world):
    assert Client().post(url("yourdata:ask", world)).status_code == POSTS["yourdata:ask"]["anonymous"]


def test_deleting_needs_the_words_then_signs_out(world):
    client = Client()
    client.force_login(world.owner)
    wrong = client.post("/my-data/delete/", {"confirm": "delete"})
    assert wrong.status_code == 400 and "Type the words delete my account" in wrong.content.decode()
    assert User.objects.get(pk=world.owner.pk).is_active
    done = client.post("/my-data/delete/", {"confirm": "Delete my account"})
    assert done.status_code == 302 and done["Location"] == "/my-data/deleted/"
    assert client.get("/my-data/").status_code == 302  # signed out
    assert User.objects.get(pk=world.owner.pk).full_name == "A former member"


def test_an_admin_deletes_for_someone_added_by_proxy_with_a_reason(world):
    client = Client()
    client.force_login(world.admin)
    empty = client.post(url("yourdata:delete_for", world), {"reason": ""})
    assert empty.status_code == 400
    done = client.post(url("yourdata:delete_for", world), {"reason": "Grace asked me on the phone on 3 March"})
    assert done.status_code == 302
    row = AuditEvent.objects.get(action="account.erased", subject=world.grace)
    assert row.actor_id == world.admin.pk and row.by_proxy and "on the phone" in row.details["reason"]
    assert row.organisation_id == world.organisation.pk  # in the organisation's audit log
    assert client.get(url("yourdata:delete_for", world)).status_code == 404  # gone: nothing left to delete


def test_the_page_of_someone_added_by_proxy_links_admins_to_deleting_for_them(world):
    from django.urls import reverse

    page = reverse("projects:proxy_answers", args=[world.project.pk, world.grace.pk])
    link = url("yourdata:delete_for", world)
    admin = Client()
    admin.force_login(world.admin)
    response = admin.get(page)
    assert response.status_code == 200 and f'href="{link}"' in response.content.decode()
    assert admin.get(link).status_code == 200
    organiser = Client()
    organiser.force_login(world.organiser)
    response = organiser.get(page)
    assert response.status_code == 200 and link not in response.content.decode()  # they may act for Grace
    assert organiser.get(link).status_code == 404  # but not delete her account
