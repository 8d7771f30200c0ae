"""Standing people for the glossary tests: the projects app's admin, organiser, finance, partner, and so on."""

from __future__ import annotations

import pytest

from roundtable.projects.tests.conftest import people  # noqa: F401 - a fixture, used by name


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
