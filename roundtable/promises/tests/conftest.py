from roundtable.projects.tests.conftest import people  # noqa: F401 - the shared fixture
