"""Every project and organisation URL, for every role: who sees it, who is refused, who is never told it exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]

# URL name -> expected status per role, in ROLES order. 302 for anonymous means "sent to sign in".
PROJECT_URLS = {
    "projects:project": [200, 200, 200, 200, 200, 404, 302],
    "projects:offer": [200, 200, 200, 200, 200, 404, 404],
    "projects:members": [200, 200, 200, 200, 200, 404, 302],
    "projects:offer_edit": [200, 200, 403, 403, 403, 404, 302],
    "projects:steps": [200, 200, 403, 403, 403, 404, 302],
    "projects:invite": [200, 200, 403, 403, 403, 404, 302],
    "projects:add_by_proxy": [200, 200, 403, 403, 403, 404, 302],
    "projects:announce": [200, 200, 403, 403, 403, 404, 302],
    "projects:interests": [200, 200, 403, 403, 403, 404, 302],
    # Every invitation, paged (the members page shows the newest 10): those who organise the project.
    "projects:invitations": [200, 200, 403, 403, 403, 404, 302],
    "projects:sharing": [404, 404, 404, 200, 200, 404, 302],
    "projects:leave": [404, 404, 404, 200, 200, 404, 302],
    # Support contacts (issue 16): every member reads them; organisers also add them on this page.
    "projects:support": [200, 200, 200, 200, 200, 404, 302],
}
ORG_URLS = {
    "projects:org_dashboard": [200, 200, 200, 404, 404, 404, 302],
    "projects:rates": [200, 403, 200, 404, 404, 404, 302],
    "projects:staff_invite": [200, 403, 403, 404, 404, 404, 302],
    "projects:org_contact": [200, 403, 403, 404, 404, 404, 302],
    "projects:project_create": [200, 200, 403, 404, 404, 404, 302],
}


def _client_for(client, people, role):
    if role != "anonymous":
        client.force_login(getattr(people, role))
    return client


CASES = [(name, role, expected[i]) for name, expected in PROJECT_URLS.items() for i, role in enumerate(ROLES)]
ORG_CASES = [(name, role, expected[i]) for name, expected in ORG_URLS.items() for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_project_urls(client, people, name, role, expected):
    response = _client_for(client, people, role).get(reverse(name, args=[people.project.pk]))
    assert response.status_code == expected, (name, role)


@pytest.mark.parametrize(("name", "role", "expected"), ORG_CASES)
def test_organisation_urls(client, people, name, role, expected):
    response = _client_for(client, people, role).get(reverse(name, args=[people.organisation.slug]))
    assert response.status_code == expected, (name, role)


def test_unknown_project_is_404_like_a_private_one(client, people):
    client.force_login(people.outsider)
    missing = client.get(reverse("projects:project", args=[999999]))
    private = client.get(reverse("projects:project", args=[people.project.pk]))
    assert missing.status_code == private.status_code == 404
    assert people.project.title not in private.content.decode()


def test_posting_organiser_actions_as_partner_is_refused(client, people):
    client.force_login(people.partner)
    assert client.post(reverse("projects:publish", args=[people.project.pk])).status_code == 403
    response = client.post(reverse("projects:announce", args=[people.project.pk]), {"subject": "Hi", "body": "Spam"})
    assert response.status_code == 403
    assert not people.project.announcements.exists()


def test_staff_roles_page_is_for_admins_only(client, people):
    url = reverse("projects:staff_roles", args=[people.organisation.slug, people.organiser.pk])
    client.force_login(people.organiser)
    assert client.get(url).status_code == 403
    client.force_login(people.admin)
    assert client.get(url).status_code == 200
