"""Personal pages: every signed-in person sees their own; nobody is shown anyone else's; anonymous visitors
are asked to sign in. Project and organisation pages have their own table in projects/tests."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.accounts.tests.factories import person as make_person

PERSONAL_URLS = [
    ("accounts:profile", []),
    ("accounts:setup", []),
    ("accounts:setup_check", []),
    ("accounts:setup_question", ["channels"]),
    ("notifications:inbox", []),
    ("notifications:tasks", []),
    ("projects:my_projects", []),
    ("projects:org_list", []),
    ("projects:org_create", []),
    ("payments:mine", []),
    ("payments:choices", []),
    ("payments:benefits", []),
    ("meetings:my_calendar", []),
    ("notifications:preferences", []),
]
PUBLIC_URLS = ["signin:sign_in", "signin:password", "projects:open_projects", "core:home", "core:healthz"]


@pytest.fixture
def person(db):
    return make_person("amira@example.com", "Amira Hassan")


@pytest.mark.parametrize(("name", "args"), PERSONAL_URLS)
def test_personal_pages_for_the_person(client, person, name, args):
    client.force_login(person)
    assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(("name", "args"), PERSONAL_URLS)
def test_personal_pages_ask_anonymous_visitors_to_sign_in(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin:sign_in"))


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_public_pages_for_everyone(client, db, name):
    assert client.get(reverse(name)).status_code == 200


def test_an_unknown_onboarding_question_is_404(client, person):
    client.force_login(person)
    assert client.get(reverse("accounts:setup_question", args=["no-such-question"])).status_code == 404
