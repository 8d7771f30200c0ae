"""The demo story's safety chapter: support contacts and ground rules on both projects, content notes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.demo import load_demo
from roundtable.feedback.models import Board
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings.models import AgendaItem, Paper
from roundtable.meetings.tests.conftest import clock  # noqa: F401 - the frozen clock the meetings tests use
from roundtable.projects.models import Project, SupportContact
from roundtable.safety.models import GroundRule

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def test_both_demo_projects_have_support_contacts_and_ground_rules(db, client, clock, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    assert load_demo()
    for title in ("Better sleep for autistic children", "Short breaks for disabled children"):
        project = Project.objects.get(title=title)
        phones = set(SupportContact.objects.filter(project=project).values_list("phone", flat=True))
        assert {"0808 808 7777", "0808 808 3555", "116 123"} <= phones
        kinds = set(SupportContact.objects.filter(project=project).values_list("kind", flat=True))
        assert kinds == {"wellbeing", "safeguarding", "advice"}
        assert GroundRule.objects.filter(project=project, state="agreed").count() >= 2
    sleep = Project.objects.get(title="Better sleep for autistic children")
    assert GroundRule.objects.filter(project=sleep, state="proposed").exists()
    assert AgendaItem.objects.filter(meeting__project=sleep).exclude(content_note="").exists()
    assert Paper.objects.filter(meeting__project=sleep).exclude(content_note="").exists()
    assert Board.objects.filter(project=sleep).exclude(content_note="").exists()
    client.force_login(sleep.memberships.get(user__email=f"amira{DEMO_EMAIL_DOMAIN}").user)
    html = client.get(reverse("projects:project", args=[sleep.pk])).content.decode()
    assert "We listen without talking over each other." in html and "0808 808 7777" in html
