"""Pinned query counts for a person's own credits pages (issue 20: reads in selectors)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.credits import services
from roundtable.projects.tests.conftest import people  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


def test_my_contributions_makes_a_fixed_number_of_queries(client, people, django_assert_num_queries):  # noqa: F811
    client.force_login(people.partner)
    url = reverse("credits:mine")
    client.get(url)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    services.orcid_set(actor=people.partner, orcid="0000-0002-1825-0097")
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def _contributions(people, n: int) -> None:  # noqa: F811
    import datetime as dt

    from roundtable.credits.models import Contribution, ContributionType

    services.contribution_types_sync()
    kind = ContributionType.objects.first()
    Contribution.objects.bulk_create(
        [
            Contribution(
                person=people.partner, project=people.project, type=kind,
                date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                description=f"Help number {i}.", source=Contribution.Source.ORGANISER,
                status=Contribution.Status.CONFIRMED,
            )
            for i in range(n)
        ]
    )  # fmt: skip


def test_my_contributions_is_paged_newest_first(client, people):  # noqa: F811
    from roundtable.credits.selectors import CONTRIBUTIONS_PER_PAGE

    _contributions(people, CONTRIBUTIONS_PER_PAGE + 3)
    client.force_login(people.partner)
    url = reverse("credits:mine")
    first = client.get(url).content.decode()
    newest, oldest = CONTRIBUTIONS_PER_PAGE + 2, 0
    assert f"Help number {newest}." in first and "Help number 2." not in first
    assert f"Showing 1 to {CONTRIBUTIONS_PER_PAGE} of {CONTRIBUTIONS_PER_PAGE + 3}." in first
    assert 'href="?page=2" rel="next"' in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert f"Help number {oldest}." in second and "Help number 2." in second
    assert f"Help number {newest}." not in second
    assert 'href="?page=1" rel="prev"' in second and 'rel="next"' not in second
    # The summary still counts every piece of help, whichever page is shown.
    assert f'<td class="govuk-table__cell">{CONTRIBUTIONS_PER_PAGE + 3}</td>' in second


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9999999999999", "2.5", "%00", "٣"])
def test_my_contributions_bad_page_numbers_never_fail(client, people, page):  # noqa: F811
    _contributions(people, 3)
    client.force_login(people.partner)
    response = client.get(reverse("credits:mine"), {"page": page})
    assert response.status_code == 200 and "Help number 2." in response.content.decode()


def test_my_contributions_queries_do_not_grow_with_the_rows(client, people):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people.partner)
    url = reverse("credits:mine")
    counts = []
    for n in (5, 200):
        _contributions(people, n)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"page": "2"}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 15
