"""The core tests load the demo story to test their own chapters; the health chapter's year of history
(about 40 s each time) is left out here and tested on its own in health/tests/test_demo.py."""

import pytest


@pytest.fixture(autouse=True)
def demo_without_health_history(settings):
    settings.DEMO_HEALTH_HISTORY = False
