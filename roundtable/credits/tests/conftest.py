"""Standing people: reuse the feedback personas (an organiser, two partners, a professional, an outsider)."""

from roundtable.feedback.tests.conftest import EVIL, evil, people  # noqa: F401
