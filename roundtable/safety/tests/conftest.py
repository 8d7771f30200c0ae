"""The meetings' standing cast (Tom organiser, Priya admin, Sam finance, Amira and Joe partners, Dr Lee a
professional member, an outsider) with the clock frozen; text with HTML in it to prove escaping."""

from __future__ import annotations

from roundtable.meetings.tests.conftest import LONDON, NOW, clock, media, people  # noqa: F401 - fixtures

EVIL = '<script>alert("x")</script>'
