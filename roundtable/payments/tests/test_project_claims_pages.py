"""The organiser's claims page shows every claim and every member a page at a time (issue 19: lists that
grow are paged), with each list's place kept when another list turns its page.

The old page read the first 200 claims, sorted by the status's spelling, and said nothing of the rest:
a project with more claims than that hid its oldest ones from the people who approve and pay them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from roundtable.accounts.tests.factories import person
from roundtable.payments.models import Claim, ClaimStatus
from roundtable.payments.selectors import CLAIMS_PER_PAGE
from roundtable.projects.models import MemberRole
from roundtable.projects.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _claims(people, *, status: str, count: int, activity: str) -> list[Claim]:
    start = dt.date(2026, 1, 1)
    return Claim.objects.bulk_create(
        [
            Claim(
                organisation=people.organisation, project=people.project, claimant=people.partner, kind="time",
                status=status, work_date=start + dt.timedelta(days=n), activity=f"{activity} {n}",
                hours=Decimal("1"), amount=Decimal("25.00"), payable=Decimal("25.00"), currency="GBP",
            )
            for n in range(count)
        ]
    )  # fmt: skip


def _page(client, people, query: str = "") -> str:
    client.force_login(people.organiser)
    response = client.get(reverse("payments:project_claims", args=[people.project.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_every_claim_can_be_reached_a_page_at_a_time(client, people):
    _claims(people, status=ClaimStatus.SUBMITTED, count=CLAIMS_PER_PAGE + 5, activity="Waiting")
    _claims(people, status=ClaimStatus.APPROVED, count=2 * CLAIMS_PER_PAGE + 3, activity="Done")
    first = _page(client, people)
    assert "Waiting 0," in first and f"Waiting {CLAIMS_PER_PAGE - 1}," in first  # oldest first
    assert f"Waiting {CLAIMS_PER_PAGE}," not in first
    assert f"{CLAIMS_PER_PAGE + 5} claims are waiting. Showing 1 to {CLAIMS_PER_PAGE}, oldest first." in first
    newest = 2 * CLAIMS_PER_PAGE + 2
    assert f"Done {newest}<" in first and "Done 0<" not in first  # newest first
    assert 'href="?waiting=2#waiting"' in first and 'href="?page=2#others"' in first

    waiting_2 = _page(client, people, "?waiting=2&page=3")
    assert f"Waiting {CLAIMS_PER_PAGE}," in waiting_2 and "Waiting 0," not in waiting_2
    assert "Done 0<" in waiting_2  # the last page of the others: its place is kept
    assert 'href="?page=3#waiting"' in waiting_2  # back to page 1 of waiting, keeping the others' page 3


def test_a_page_past_the_last_or_made_up_shows_a_real_page(client, people):
    _claims(people, status=ClaimStatus.SUBMITTED, count=3, activity="Waiting")
    for query in ("?waiting=9", "?page=x", "?people=-1", "?waiting=99999999999999"):
        assert "Waiting 2," in _page(client, people, query), query


def test_people_are_paged_and_each_keeps_both_claim_links(client, people):
    for n in range(CLAIMS_PER_PAGE + 2):
        MembershipFactory(
            project=people.project, user=person(f"zed{n}@example.com", f"Zed Member {n:02d}"), role=MemberRole.PARTNER
        )
    first = _page(client, people)
    time_url = reverse("payments:claim_new", args=[people.project.pk, "time"])
    assert f"Claim time for {people.partner}" in first and f"{time_url}?for={people.partner.pk}" in first
    assert "Zed Member 26" not in first and 'href="?people=2#people"' in first
    second = _page(client, people, "?people=2")
    assert "Claim time for Zed Member 26" in second and f"Claim time for {people.partner}" not in second


def test_the_page_reads_the_same_number_of_queries_for_few_or_many(client, people, django_assert_num_queries):
    client.force_login(people.organiser)
    url = reverse("payments:project_claims", args=[people.project.pk])
    _claims(people, status=ClaimStatus.SUBMITTED, count=2, activity="Waiting")
    client.get(url)
    with django_assert_num_queries(11) as few:
        client.get(url)
    _claims(people, status=ClaimStatus.APPROVED, count=3 * CLAIMS_PER_PAGE, activity="Approved")
    for n in range(CLAIMS_PER_PAGE + 1):
        MembershipFactory(
            project=people.project, user=person(f"member{n}@example.com", f"Member {n}"), role=MemberRole.PARTNER
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
