"""Pinned query counts for project pages whose reads moved into selectors (issue 20)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.projects import services
from roundtable.projects.models import MemberRole
from roundtable.projects.tests.conftest import make_person

pytestmark = pytest.mark.django_db

EXPECTED = {
    "invitation (signed out)": 7,
    "invitation (the person)": 11,
    "staff roles": 7,  # the menu's Payments link takes its slug from the staff roles (issue 19)
    "announcement": 10,  # with the counts per status and channel; project and membership in one read (issue 19)
    "open project (signed out)": 1,
}


def test_project_pages_make_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    guest = make_person("guest@example.com", "Grace Guest")
    invitation = services.invitation_create(
        actor=people.organiser, project=people.project, email=guest.email, role=MemberRole.PARTNER
    )
    item = services.announcement_send(actor=people.organiser, project=people.project, subject="Hello", body="News")
    p = people.project.pk
    pages = {
        "invitation (signed out)": (None, reverse("projects:invitation", args=[invitation.token])),
        "invitation (the person)": (guest, reverse("projects:invitation", args=[invitation.token])),
        "staff roles": (
            people.admin,
            reverse("projects:staff_roles", args=[people.organisation.slug, people.organiser.pk]),
        ),
        "announcement": (people.organiser, reverse("projects:announcement", args=[p, item.pk])),
    }
    for name, (user, url) in pages.items():
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        client.get(url)  # warm caches that are per process, not per request
        with django_assert_num_queries(EXPECTED[name]):
            assert client.get(url).status_code == 200, name
    client.logout()
    with django_assert_num_queries(EXPECTED["open project (signed out)"]):
        assert client.get(reverse("projects:project", args=[p])).status_code == 302
