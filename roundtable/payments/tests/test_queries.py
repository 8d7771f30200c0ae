"""Pinned query counts for a person's payment pages and the claim forms (issue 20: reads in selectors)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from roundtable.payments.tests.conftest import held_meeting

pytestmark = pytest.mark.django_db

# Page -> queries, the same with one meeting's claim or three.
EXPECTED = {
    "my payments": 9,  # the counts, the claims to check (a page of the others when there are any)
    "choices": 6,
    "choices for a project": 7,
    "benefits": 6,
    "claim for a member": 8,
    "paid in advance": 8,
}


@pytest.mark.parametrize("meetings", [1, 3])
def test_payment_pages_make_a_fixed_number_of_queries(
    client, people, uplift, meetings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):  # the register drafts the claims
        for n in range(meetings):
            held_meeting(people, dt.date(2026, 1, 5 + n))
    p = people.project.pk
    pages = {
        "my payments": (people.partner, reverse("payments:mine")),
        "choices": (people.partner, reverse("payments:choices")),
        "choices for a project": (people.partner, reverse("payments:choices") + f"?project={p}"),
        "benefits": (people.partner, reverse("payments:benefits")),
        "claim for a member": (
            people.organiser,
            reverse("payments:claim_new", args=[p, "time"]) + f"?for={people.partner.pk}",
        ),
        "paid in advance": (people.organiser, reverse("payments:advance_new", args=[p])),
    }
    for name, (user, url) in pages.items():
        client.force_login(user)
        client.get(url)  # warm caches that are per process, not per request
        with django_assert_num_queries(EXPECTED[name]):
            assert client.get(url).status_code == 200, name
