"""Invitations: the members page shows the counts and the newest few; the full list is paged (issue 19)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roundtable.projects.models import Invitation
from roundtable.projects.views_project import INVITATIONS_ON_MEMBERS, INVITATIONS_PER_PAGE

pytestmark = pytest.mark.django_db


def _invite(people, count: int, start: int = 0, status: str = Invitation.Status.PENDING) -> None:
    for n in range(start, start + count):
        Invitation.objects.create(
            organisation=people.project.organisation,
            project=people.project,
            email=f"guest{n:04}@example.com",
            invited_by=people.organiser,
            status=status,
            member_role="partner",
            expires_at=timezone.now() + dt.timedelta(days=14),
        )


def _emails(html: str) -> list[str]:
    return re.findall(r"guest\d{4}@example\.com", html)


def test_members_page_shows_counts_and_the_newest_invitations(client, people):
    _invite(people, 12)
    _invite(people, 3, start=100, status=Invitation.Status.DECLINED)
    client.force_login(people.organiser)
    html = unescape(client.get(reverse("projects:members", args=[people.project.pk])).content.decode())
    assert len(_emails(html)) == INVITATIONS_ON_MEMBERS
    assert _emails(html)[0] == "guest0102@example.com"  # newest first
    total = Invitation.objects.filter(project=people.project).count()  # with any the fixture made
    assert f"{total} invitations sent." in html
    assert f"See all {total} invitations" in html
    assert "Declined: <strong>3</strong>" in html


def test_the_invitation_list_is_paged(client, people):
    _invite(people, INVITATIONS_PER_PAGE + 3)
    client.force_login(people.organiser)
    url = reverse("projects:invitations", args=[people.project.pk])
    first = unescape(client.get(url).content.decode())
    second = unescape(client.get(url + "?page=2").content.decode())
    assert len(_emails(first)) == INVITATIONS_PER_PAGE and len(_emails(second)) == 3
    assert not set(_emails(first)) & set(_emails(second))
    assert 'rel="next"' in first and "Page 2 of 2" in first
    assert client.get(url + "?page=3").status_code == 404
    assert client.get(url + "?page=nonsense").status_code == 200


def test_only_organisers_see_the_invitation_list(client, people):
    client.force_login(people.partner)
    assert client.get(reverse("projects:invitations", args=[people.project.pk])).status_code == 403


def test_the_invitation_pages_cost_the_same_queries_however_many(client, people):
    client.force_login(people.organiser)
    counts = []
    for more in (2, 80):
        _invite(people, more, start=len(counts) * 1000)
        row = []
        for name in ("projects:members", "projects:invitations"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name, args=[people.project.pk])).status_code == 200
            row.append(len(captured.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1]
