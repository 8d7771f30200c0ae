"""The demo story's decisions: an open proposal, a closed one with an outcome and a review date, and one
carried by staff against partners, each readable on its page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.core.demo import load_demo
from roundtable.decisions.models import Proposal, Vote
from roundtable.decisions.selectors import decision_evidence
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings.tests.conftest import clock  # noqa: F401, F811 - the frozen clock the meetings tests use
from roundtable.projects.models import Project

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def test_the_demo_has_open_closed_and_against_partners_decisions(db, client, clock, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    assert load_demo()
    sleep = Project.objects.get(title="Better sleep for autistic children")
    breaks = Project.objects.get(title="Short breaks for disabled children")
    open_one = Proposal.objects.get(project=sleep, state="open")
    assert Vote.objects.filter(proposal=open_one, channel="post", taken_by__isnull=False).exists()
    closed = Proposal.objects.get(project=sleep, state="closed")
    assert closed.outcome and closed.review_on and closed.result == "A moon and stars drawing"
    against = Proposal.objects.get(project=breaks)
    assert against.against_partners and against.partners_result == "Online, by phone and on paper"
    assert decision_evidence(breaks)["carried_against_partners"] == 1
    from roundtable.accounts.models import User

    client.force_login(User.objects.get(email=f"amira{DEMO_EMAIL_DOMAIN}"))
    page = client.get(reverse("decisions:proposal", args=[breaks.pk, against.number])).content.decode()
    assert "Carried by staff against partners" in page
    log = client.get(reverse("decisions:log", args=[sleep.pk])).content.decode()
    assert "Should our monthly meeting move from 8pm to 7:30pm?" in log and "A moon and stars drawing" in log
