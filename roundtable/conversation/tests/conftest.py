"""People for conversation tests: the meetings' standing cast (Tom organiser, Priya admin, Sam finance,
Amira and Joe partners, Dr Lee a professional member, an outsider), Grace who reads by post (from the
decisions tests), and a topic Amira started. The clock is frozen."""

from __future__ import annotations

import pytest

from roundtable.conversation.tests.factories import TopicFactory
from roundtable.decisions.tests.conftest import grace  # noqa: F401 - a fixture
from roundtable.meetings.tests.conftest import LONDON, NOW, clock, media, people  # noqa: F401 - fixtures


@pytest.fixture
def topic(people):  # noqa: F811 - the fixture imported above
    return TopicFactory(project=people.project, started_by=people.partner)
