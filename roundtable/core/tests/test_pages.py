from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.core.demo import load_demo
from roundtable.projects.models import Membership, Organisation, Project


def test_healthz_reports_database_and_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": True, "task_queue": True}


def test_demo_page_is_404_outside_demo_mode(client, db, settings):
    settings.DEMO_MODE = False
    assert client.get("/demo/").status_code == 404


def test_demo_story_loads_once_and_tells_the_story(client, db, settings):
    assert load_demo() is True
    assert load_demo() is False
    assert Organisation.objects.count() == 3
    amira = User.objects.get(email="amira@demo.roundtable.example")
    assert amira.profile.channels == ["text", "email"]
    grace = User.objects.get(full_name="Grace Williams")
    assert grace.uses_web is False and grace.profile.channels[0] == "letter"
    assert Membership.objects.filter(user=amira, status="active").count() == 2
    assert Project.objects.filter(status="draft").count() == 1

    settings.DEMO_MODE = True
    page = client.get("/demo/")
    assert page.status_code == 200
    assert "Amira Hassan" in page.content.decode()
    response = client.post(reverse("core:demo_sign_in", args=[amira.pk]))
    assert response.status_code == 302
    assert client.get(reverse("projects:my_projects")).status_code == 200
    # Grace never signs in, not even in the demo.
    assert client.post(reverse("core:demo_sign_in", args=[grace.pk])).status_code == 404


@pytest.mark.parametrize("url", ["/", "/find-a-project/", "/sign-in/"])
def test_public_pages(client, db, url):
    assert client.get(url).status_code == 200


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
