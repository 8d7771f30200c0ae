import pytest


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    """Receipts and zips go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
