"""Every promises URL for every role (the url coverage test reads these tables)."""

from __future__ import annotations

import pytest
from django.urls import reverse

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]

# Public promises: anyone may read them.
PUBLIC_URLS = {
    "promises:privacy": [200] * 7,
    "promises:accessibility": [200] * 7,
}
# name -> statuses in ROLES order (GET). Admins only; other staff 403; everyone else 404 (or sign in).
ORG_URLS = {
    "promises:organisation_privacy": [200, 200, 200, 200, 200, 200, 200],
    "promises:organisation_privacy_edit": [200, 403, 403, 404, 404, 404, 302],
    "promises:audit_log": [200, 403, 403, 404, 404, 404, 302],
    "promises:audit_log_csv": [200, 403, 403, 404, 404, 404, 302],
    "promises:organisation_export": [200, 403, 403, 404, 404, 404, 302],
}


def _as(client, people, role):
    if role != "anonymous":
        client.force_login(getattr(people, role))
    return client


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [(n, r, e[i]) for n, e in PUBLIC_URLS.items() for i, r in enumerate(ROLES)],
)
def test_public_promises(client, people, name, role, expected):
    assert _as(client, people, role).get(reverse(name)).status_code == expected


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [(n, r, e[i]) for n, e in ORG_URLS.items() for i, r in enumerate(ROLES)],
)
def test_organisation_promises(client, people, name, role, expected):
    response = _as(client, people, role).get(reverse(name, args=[people.organisation.slug]))
    assert response.status_code == expected, (name, role)


@pytest.mark.parametrize("name", [n for n in ORG_URLS if n != "promises:organisation_privacy"])
def test_another_organisations_admin_gets_404(client, people, name):
    from roundtable.projects.tests.factories import OrganisationFactory

    other = OrganisationFactory()
    client.force_login(other.staff.get().user)
    assert client.get(reverse(name, args=[people.organisation.slug])).status_code == 404


def test_export_post_is_for_admins_only(client, people):
    url = reverse("promises:organisation_export", args=[people.organisation.slug])
    for role, expected in (("partner", 404), ("finance", 403), ("outsider", 404)):
        client.force_login(getattr(people, role))
        assert client.post(url).status_code == expected, role


# The link to a built export (name -> statuses in ROLES order): admins of the organisation only.
TOKEN_URLS = {"promises:organisation_export_download": [200, 403, 403, 404, 404, 404, 302]}


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [(n, r, e[i]) for n, e in TOKEN_URLS.items() for i, r in enumerate(ROLES)],
)
def test_a_built_export(client, people, django_capture_on_commit_callbacks, name, role, expected):
    from roundtable.promises.services import organisation_export_request

    with django_capture_on_commit_callbacks(execute=True):
        export = organisation_export_request(actor=people.admin, organisation=people.organisation)
    response = _as(client, people, role).get(reverse(name, args=[people.organisation.slug, export.token]))
    assert response.status_code == expected, (name, role)
