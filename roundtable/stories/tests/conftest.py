"""The standing cast for story tests: Tom organises "Better sleep", Amira is a partner who uses the web, Joe a
partner, Grace (added by proxy, letters only), a professional, finance, an outsider. The clock is frozen."""

from __future__ import annotations

import pytest

from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.meetings.tests.conftest import LONDON, NOW, clock, media, people  # noqa: F401 - fixtures
from roundtable.projects import services as project_services

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64


@pytest.fixture
def grace(people):  # noqa: F811 - the fixture imported above
    person = user_create_by_proxy(
        actor=people.organiser, full_name="Grace Okafor", postal_address="12 Elm Road\nLeeds\nLS1 1AA"
    )
    profile_update(user=person, actor=people.organiser, data={"channels": ["letter"], "formats": ["large_print"]})
    project_services.member_add_by_proxy(actor=people.organiser, project=people.project, user=person)
    people.organisation.phone, people.organisation.postal_address = "0113 496 0000", "1 University Road\nNF1 2AB"
    people.organisation.save()
    return person
