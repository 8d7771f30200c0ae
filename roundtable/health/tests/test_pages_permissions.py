"""Who sees the health check's pages, for every role (docs/health.md, "Who sees it").

Rows of the permission table (issue 11: every URL x every role). A co-production lead ("lead") and another
organisation's admin ("other_admin") join the standing roles. Outsiders and other organisations' staff
get 404 (we never say a project or organisation exists); staff without a health role get 403.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.health.tests.test_pages import clock, own_registry, world  # noqa: F401 - fixtures

ROLES = ["admin", "organiser", "finance", "lead", "partner", "professional", "other_admin", "outsider", "anonymous"]

# URL name -> expected status per role, in ROLES order. 302 for anonymous means "sent to sign in".
PROJECT_URLS = {
    "health:project": [200, 200, 403, 200, 200, 200, 404, 404, 302],
    # Send the health check to members who do not use the web: staff only (members see the page itself).
    "health:send_summary": [200, 200, 403, 200, 403, 403, 404, 404, 302],
}
ORG_URLS = {
    "health:organisation": [200, 403, 403, 200, 404, 404, 404, 404, 302],
}

CASES = [(name, role, expected[i]) for name, expected in PROJECT_URLS.items() for i, role in enumerate(ROLES)]
ORG_CASES = [(name, role, expected[i]) for name, expected in ORG_URLS.items() for i, role in enumerate(ROLES)]


def _client_for(client, w, role):
    if role != "anonymous":
        client.force_login(getattr(w, role))
    return client


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_project_health(client, world, name, role, expected):  # noqa: F811
    response = _client_for(client, world, role).get(reverse(name, args=[world.project.pk]))
    assert response.status_code == expected, (name, role)


@pytest.mark.parametrize(("name", "role", "expected"), ORG_CASES)
def test_organisation_health(client, world, name, role, expected):  # noqa: F811
    response = _client_for(client, world, role).get(reverse(name, args=[world.organisation.slug]))
    assert response.status_code == expected, (name, role)


def test_the_csv_is_refused_like_the_page(client, world):  # noqa: F811
    url = reverse("health:organisation", args=[world.organisation.slug])
    for who, expected in [("outsider", 404), ("other_admin", 404), ("organiser", 403), ("partner", 404)]:
        client.force_login(getattr(world, who))
        response = client.get(url, {"format": "csv"})
        assert response.status_code == expected, who
        assert world.project.title not in response.content.decode("utf-8", "replace"), who


def test_an_unknown_project_or_organisation_is_404_like_a_private_one(client, world):  # noqa: F811
    client.force_login(world.outsider)
    assert client.get(reverse("health:project", args=[999999])).status_code == 404
    assert client.get(reverse("health:organisation", args=["no-such-organisation"])).status_code == 404
    private = client.get(reverse("health:project", args=[world.project.pk]))
    assert private.status_code == 404 and world.project.title not in private.content.decode()


def test_a_partner_who_left_gets_404(client, world):  # noqa: F811
    from roundtable.projects import services

    membership = world.project.memberships.get(user=world.partner)
    services.membership_leave(actor=world.partner, membership=membership)
    client.force_login(world.partner)
    assert client.get(reverse("health:project", args=[world.project.pk])).status_code == 404
