"""Each sign keeps the seed's name and has a plain subtitle read at 9 to 11 (Sign.plain), shown on the
project page, the organisation page and in the reports."""
# ruff: noqa: F811 - the standing fixtures (people, clock) are imported from the meetings tests

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from roundtable.glossary.interface_text import hard_sentences, python_strings, reasons
from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.registry import signs
from roundtable.health.reports import standards
from roundtable.meetings.tests.conftest import clock, media, meeting_data, people  # noqa: F401
from roundtable.projects.models import StaffRole
from roundtable.projects.tests.factories import StaffMembershipFactory

SEED_NAMES = {
    1: "Doing to, not with",
    2: "Minimisation",
    3: "Not a valued partner",
    4: "Not listened to about barriers",
    5: "Lack of transparency",
    6: "No information in advance",
    7: "Unpaid work under the guise of volunteering",
    8: "Name on the work, no thanks",
    9: "The only one not paid",
    10: "Not told the outcome",
}


def test_each_sign_keeps_the_seed_name_and_has_a_plain_subtitle_at_reading_age_11():
    registered = signs()
    assert {sign.number: sign.title for sign in registered} == SEED_NAMES
    checked = python_strings()  # the glossary's interface check reads these (marked for translation)
    for sign in registered:
        plain = str(sign.plain)
        assert plain, f"sign {sign.number} needs a plain subtitle"
        assert reasons(plain) == [] and hard_sentences(plain) == [], (sign.number, plain, reasons(plain))
        assert plain in checked, f"mark sign {sign.number}'s subtitle for translation so it is checked"
    assert str(registered[1].plain) == "We did not answer what people told us"


def test_the_project_page_shows_each_plain_subtitle_under_the_seed_name(client, people):
    client.force_login(people.organiser)
    html = client.get(reverse("health:project", args=[people.project.pk])).content.decode()
    for sign in signs():
        assert f"{sign.number}. {sign.title}" in html.replace("&#x27;", "'")
        assert str(sign.plain) in html


def test_the_organisation_page_and_the_standards_pack_show_the_plain_subtitle(client, people):
    day = timezone.localdate() - dt.timedelta(days=1)
    for number, rating in ((1, Rating.GOOD), (2, Rating.AT_RISK)):
        HealthSnapshot.objects.create(project=people.project, taken_on=day, sign=number, rating=rating, evidence=9)
    lead = people.organiser
    StaffMembershipFactory(organisation=people.project.organisation, user=lead, role=StaffRole.LEAD)
    client.force_login(lead)
    html = client.get(reverse("health:organisation", args=[people.project.organisation.slug])).content.decode()
    assert "2. Minimisation" in html and "We did not answer what people told us" in html
    pack = standards.standards_pack(people.project)
    checks = [check for standard in pack for item in standard.evidence for check in item.signs]
    assert checks and all(check.plain for check in checks)
    assert any(check.plain == "We did not answer what people told us" for check in checks)
