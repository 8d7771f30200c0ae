"""The weekly round-up email at 360 px (a small phone): nothing runs off the screen, and axe finds no WCAG fault.

Issue 12: the HTML part was plain text pasted in, with an unlinked address running off a phone
screen. The email's HTML is loaded into Chromium at 360 px wide; a screenshot is kept in
e2e/artifacts/round-up-360.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from roundtable.notifications.channels.email import render_email
from roundtable.notifications.tests.conftest import make_person
from roundtable.notifications.tests.test_round_up_email import LONG_ADDRESS, make_round_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.mark.parametrize("width", [320, 360, 600])
def test_the_round_up_reads_well_on_a_phone(browser, width):
    partner = make_person("amira@example.org", "Amira Khan", ["email"], known_as="Amira")
    organiser = make_person("olu@example.org", "Olu Organiser", ["email"])
    _subject, _text, html = render_email(make_round_up(partner, organiser))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.set_content(html)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the screen
        link = page.locator(f'a[href="{LONG_ADDRESS}"]')
        assert link.count() == 1
        assert link.evaluate("a => a.getBoundingClientRect().right") <= width
        assert page.get_by_role("heading", level=2).all_inner_texts() == ["Better sleep", "Short breaks"]
        assert page.get_by_role("listitem").count() == 3
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"round-up-{width}.png"), full_page=True)
        # WCAG A and AA rules; the page-landmark best practices do not apply to an email, whose
        # content sits in role="article" (the accessible-email pattern) rather than <main>.
        wcag = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
        violations = Axe().run(page, options={"runOnly": wcag}).response["violations"]
        assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]
    finally:
        context.close()
