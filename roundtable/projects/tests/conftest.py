"""Standing people for project tests: an admin, an organiser, finance, a partner, a professional, an outsider.

Built by the factories in ``factories.py`` (docs/testing.md); ``make_person`` and ``complete_offer`` stay
importable from here for the tests that use them.
"""

from __future__ import annotations

import pytest

from roundtable.accounts.models import User
from roundtable.accounts.tests.factories import person
from roundtable.projects.tests.factories import build_people, complete_offer  # noqa: F401 - used from here


def make_person(email: str, name: str, **profile) -> User:
    """A person with a profile (``profile`` holds its fields). See ``accounts.tests.factories.person``."""
    return person(email, name, **profile)


@pytest.fixture
def people(db):
    return build_people()
