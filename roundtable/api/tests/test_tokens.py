"""Tokens: made on the admin page and shown once, stored hashed, refused with words that say what to fix,
every use audited, and a clear 429 past the rate limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from roundtable.api.models import ApiToken
from roundtable.api.services import token_digest, token_revoke
from roundtable.api.tests.conftest import Api, make_token
from roundtable.audit.models import AuditEvent
from roundtable.projects.models import StaffMembership


def test_admin_makes_a_token_on_the_page_and_sees_it_once(client, people):
    client.force_login(people.admin)
    url = f"/organisations/{people.organisation.slug}/api-tokens/"
    response = client.post(
        url,
        {"form": "token", "name": "Finance system", "role": "finance", "scopes": ["read:payments"], "days": "30",
         "once_key": "k1"},
    )  # fmt: skip
    assert response.status_code == 200
    raw = response.context["new_token"].raw
    assert raw.startswith("rt_") and raw in response.content.decode()
    token = ApiToken.objects.get()
    assert token.digest == token_digest(raw) and raw not in str(token.__dict__)
    assert token.scopes == ["read:payments"] and token.role == "finance"
    assert raw not in client.get(url).content.decode()  # never shown again
    assert Api(raw).get("/organisation").json()["token"]["role"] == "finance"


def test_the_page_is_for_admins_only(client, people):
    url = f"/organisations/{people.organisation.slug}/api-tokens/"
    client.force_login(people.finance)
    assert client.get(url).status_code == 403
    client.force_login(people.outsider)
    assert client.get(url).status_code == 404


def test_bad_form_keeps_what_was_typed(client, people):
    client.force_login(people.admin)
    response = client.post(
        f"/organisations/{people.organisation.slug}/api-tokens/",
        {"form": "token", "name": "Finance system", "role": "finance", "days": "999", "once_key": "k2"},
    )
    assert response.status_code == 400
    assert "Finance system" in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "header, words",
    [
        (None, "Authorization: Bearer"),
        ("Token abc", "Authorization: Bearer"),
        ("Bearer rt_not-a-real-token", "not known"),
    ],
)
def test_missing_or_unknown_token_is_401_with_what_to_fix(client, people, header, words):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/projects", **extra)
    assert response.status_code == 401
    assert words in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_token_is_refused(people):
    raw = make_token(people)
    token_revoke(actor=people.admin, token=ApiToken.objects.get())
    response = Api(raw).get("/projects")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_expired_token_is_refused(people, frozen_clock):
    raw = make_token(people, days=1)
    assert Api(raw).get("/projects").status_code == 200
    frozen_clock.shift(dt.timedelta(days=1, seconds=1))
    response = Api(raw).get("/projects")
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_token_stops_when_its_maker_is_no_longer_admin(people):
    raw = make_token(people)
    StaffMembership.objects.filter(user=people.admin, role="admin").delete()
    response = Api(raw).get("/projects")
    assert response.status_code == 401 and "no longer an admin" in response.json()["detail"]


def test_every_use_is_audited_in_the_organisations_log(api, people):
    api.get("/projects")
    api.get("/organisation")
    uses = AuditEvent.objects.filter(action="api.token_used").order_by("id")
    assert [u.details["path"] for u in uses] == ["/api/v1/projects", "/api/v1/organisation"]
    assert {u.organisation_id for u in uses} == {people.organisation.pk}
    assert ApiToken.objects.get().last_used_at is not None


@override_settings(API_RATE_LIMIT=3)
def test_rate_limit_gives_a_clear_429(api, frozen_clock):
    assert [api.get("/organisation").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/organisation")
    assert response.status_code == 429
    assert "Wait" in response.json()["detail"] and int(response["Retry-After"]) > 0
    frozen_clock.shift(dt.timedelta(minutes=1))
    assert api.get("/organisation").status_code == 200
