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
