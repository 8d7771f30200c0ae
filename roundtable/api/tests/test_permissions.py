"""The permission table: every endpoint x token role x scope x organisation (docs/api.md).

Written out by hand, not computed from ``api.permissions.RULES``, so a change to the rules must change this
table too. A token sees what a staff member with its role sees on the pages; a missing scope is 403 naming
the scope; another organisation's ids are 404, whatever the token may do.
"""

from __future__ import annotations

import pytest

from roundtable.api.tests.conftest import Api, make_token
from roundtable.payments import services as payments
from roundtable.payments.models import Choice, PaymentChoice

A, ORG, F, L = "admin", "organiser", "finance", "lead"

# (method, path with {project} {claim} {run}, scope it needs, roles that may use it)
TABLE = [
    ("get", "/organisation", None, {A, ORG, F, L}),
    ("get", "/projects", "read:projects", {A, ORG, F, L}),
    ("get", "/projects/{project}", "read:projects", {A, ORG, F, L}),
    ("get", "/projects/{project}/meetings", "read:projects", {A, ORG, F, L}),
    ("get", "/projects/{project}/members", "read:projects", {A, ORG, F, L}),
    ("get", "/projects/{project}/decisions", "read:projects", {A, ORG, F, L}),
    ("get", "/projects/{project}/outcomes", "read:projects", {A, ORG, F, L}),
    ("get", "/projects/{project}/contributions", "read:projects", {A, ORG}),
    ("get", "/projects/{project}/outputs", "read:projects", {A, ORG}),
    ("get", "/projects/{project}/outputs/{output}", "read:projects", {A, ORG}),
    ("get", "/health", "read:health", {A, ORG, L}),
    ("get", "/projects/{project}/health/trends", "read:health", {A, ORG, L}),
    ("get", "/claims", "read:payments", {A, ORG, F}),
    ("get", "/payment-runs", "read:payments", {A, F}),
    ("post", "/claims/{asked}/query", "write:payments", {A, ORG}),
    ("post", "/claims/{claim}/approve", "write:payments", {A, ORG}),
    ("post", "/payment-runs/{run}/paid", "write:payments", {A, F}),
]
# Every named URL of this app, for core/tests/test_url_coverage.py: the API's operations are in TABLE above
# (and its schema and docs are public: test_schema_and_docs_are_public); the admin page in test_admin_page.
URL_NAMES = [
    "api:admin",
    "api-v1:api-root",
    "api-v1:openapi-json",
    "api-v1:openapi-view",
    *(
        f"api-v1:{name}"
        for name in (
            "organisation", "projects", "project", "meetings", "members", "decisions", "outcomes", "contributions",
            "outputs", "output", "health", "health_trends",
            "claims", "claim_query", "claim_approve", "runs", "run_paid",
        )
    ),
]  # fmt: skip
ALL = ["read:projects", "read:payments", "write:payments", "read:health"]
BODIES = {"query": {"reason": "Which day?"}, "paid": {"reference": "BACS-1", "paid_on": "2026-03-02"}}


@pytest.fixture
def table_world(world):
    people = world.people
    # A run in each organisation, ready to pay (its payee has a reference), and a sent claim besides.
    payments.claim_approve(actor=people.organiser, claim=world.claim)
    PaymentChoice.objects.update_or_create(user=world.claim.claimant, project=None, defaults={"choice": Choice.BANK})
    world.run = payments.run_create(actor=people.finance, organisation=people.organisation)
    payments.payee_reference_set(actor=people.finance, run=world.run, person=world.claim.claimant, reference="P1")
    from roundtable.payments.tests.factories import ClaimFactory

    world.sent = ClaimFactory(project=people.project, claimant=people.professional)
    world.asked = ClaimFactory(project=people.project, claimant=people.professional)
    other = world.other_claim
    payments.claim_approve(actor=other.organisation.staff.first().user, claim=other)
    world.other_run = payments.run_create(actor=other.organisation.staff.first().user, organisation=other.organisation)
    from roundtable.credits.tests.factories import OutputFactory

    world.output = OutputFactory(project=people.project, published=True)
    world.other_output = OutputFactory(project=other.project, published=True)
    return world


def _path(path: str, world, *, other: bool) -> str:
    return path.format(
        project=(world.other_claim.project_id if other else world.people.project.pk),
        claim=(world.other_claim.pk if other else world.sent.pk),
        asked=(world.other_claim.pk if other else world.asked.pk),
        run=(world.other_run.pk if other else world.run.pk),
        output=(world.other_output.pk if other else world.output.pk),
    )


def _call(api: Api, method: str, path: str):
    if method == "get":
        return api.get(path)
    return api.post(path, BODIES.get(path.rsplit("/", 1)[-1], {}))


@pytest.mark.parametrize("role", [A, ORG, F, L])
def test_permission_table(table_world, role):
    people = table_world.people
    full = Api(make_token(people, role=role, scopes=ALL))
    no_scope = {
        s: Api(make_token(people, role=role, scopes=[x for x in ALL if x != s] or ["read:health"])) for s in ALL
    }
    for method, path, scope, roles in TABLE:
        own = _path(path, table_world, other=False)
        response = _call(full, method, own)
        expected = 200 if role in roles else 403
        assert response.status_code == expected, (role, method, path, response.content)
        if scope is not None:
            refused = _call(no_scope[scope], method, own)
            assert refused.status_code == 403 and scope in refused.json()["detail"], (role, path)
        if "{" in path and role in roles:
            leak = _call(full, method, _path(path, table_world, other=True))
            assert leak.status_code == 404, (role, method, path, leak.content)
            assert "your organisation" in leak.json()["detail"]


def test_another_organisations_token_sees_none_of_ours(table_world):
    other_org = table_world.other_org
    theirs = Api(make_token(table_world.people, organisation=other_org, actor=other_org.staff.first().user))
    assert table_world.people.project.title not in theirs.get("/projects").content.decode()
    assert theirs.get("/claims").json()["items"] == []
    assert theirs.get(f"/projects/{table_world.people.project.pk}").status_code == 404
    assert theirs.post(f"/claims/{table_world.sent.pk}/approve").status_code == 404


@pytest.mark.parametrize(
    "who, expected", [("admin", 200), ("organiser", 403), ("finance", 403), ("partner", 404), ("outsider", 404)]
)
def test_admin_page(client, people, who, expected):
    client.force_login(getattr(people, who))
    assert client.get(f"/organisations/{people.organisation.slug}/api-tokens/").status_code == expected


def test_admin_page_asks_anonymous_to_sign_in(client, people):
    response = client.get(f"/organisations/{people.organisation.slug}/api-tokens/")
    assert response.status_code == 302 and "sign" in response["Location"]


def test_schema_and_docs_are_public(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    assert "/api/v1/payment-runs/{run_id}/paid" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200
