"""Settings every test shares. App fixtures live in each app's tests/conftest.py."""

import os

os.environ.setdefault("ROUNDTABLE_TESTING", "true")
os.environ.setdefault("ROUNDTABLE_DATA_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))
