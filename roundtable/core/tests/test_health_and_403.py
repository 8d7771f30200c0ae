"""`/healthz` answers load balancers over plain HTTP in production; a 403 is logged as one line."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

import pytest
from django.urls import reverse

from roundtable.core.tests.test_settings import ROOT, _production_env
from roundtable.projects import services
from roundtable.projects.tests.conftest import make_person

PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
plain = Client()
health = plain.get("/healthz", HTTP_HOST="10.0.0.7")
page = plain.get("/", HTTP_HOST="roundtable.example.org")
print(json.dumps({"health": health.status_code, "body": health.json(), "page": page.status_code,
                  "to": page.get("Location", ""), "policy": health.get("Permissions-Policy", "")}))
"""


def test_healthz_answers_over_plain_http_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["health"] == 200 and seen["body"]["ok"] is True  # not a redirect to https, whatever the Host
    assert seen["page"] == 301 and seen["to"].startswith("https://")  # every other page still goes to HTTPS
    assert "camera=()" in seen["policy"]


@pytest.fixture
def console():
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_a_403_is_logged_as_one_line(client, db, console):
    """Finance may not invite staff: Django logs "Forbidden (Permission denied)", here without a traceback."""
    admin = make_person("priya@example.com", "Priya Shah")
    organisation = services.organisation_create(actor=admin, name="Org", kind="research")
    finance = make_person("sam@example.com", "Sam Okafor")
    services.staff_roles_set(actor=admin, organisation=organisation, user=finance, roles={"finance"})
    client.force_login(finance)
    response = client.get(reverse("projects:staff_invite", args=[organisation.slug]))
    assert response.status_code == 403
    lines = [line for line in console.getvalue().splitlines() if line.strip()]
    forbidden = [line for line in lines if "Forbidden" in line]
    assert len(forbidden) == 1, lines
    assert "Traceback" not in console.getvalue()
