"""schemathesis against /api/v1/openapi.json, in-process through WSGI: a bounded number of generated requests per
operation (``EXAMPLES``), each checked for no server error and a response that matches the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from roundtable.api.tests.conftest import make_token

EXAMPLES = 15


# Loaded when the module is collected (pytest-django has set Django up by then); the schema view reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def bearer(world, settings):  # noqa: F811 - pytest-django's settings
    """The token's header. Requests go through Django's own WSGI handler, which closes the database connection
    after each request; the test's transaction must outlive them (as Django's test client arranges), so the
    handler's "close old connections" is off while the test runs."""
    settings.API_RATE_LIMIT = 100_000
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {make_token(world.people)}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_errors_and_keeps_to_its_schema(case, bearer):
    case.call_and_validate(
        headers=bearer,
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance],
    )
