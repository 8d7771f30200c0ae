"""Settings every test shares. App fixtures live in each app's tests/conftest.py."""

import os

os.environ.setdefault("ROUNDTABLE_TESTING", "true")
os.environ.setdefault("ROUNDTABLE_DATA_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))

import pytest  # noqa: E402 - after the environment above, which settings read


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate limits (sign-in links, the anonymous form) count per test."""
    from django.core.cache import cache

    cache.clear()
    yield
