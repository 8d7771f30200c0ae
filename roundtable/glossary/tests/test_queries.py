"""Pinned query count for an organisation's own words page (issue 20: reads in selectors)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.glossary import services
from roundtable.projects.tests.conftest import people  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("terms", [1, 5])
def test_organisation_words_makes_a_fixed_number_of_queries(client, people, terms, django_assert_num_queries):  # noqa: F811
    for n in range(terms):
        services.organisation_term_add(
            actor=people.organiser, organisation=people.organisation, term=f"Workstream {n}", plain="A part of the work"
        )
    client.force_login(people.organiser)
    url = reverse("glossary:organisation", args=[people.organisation.slug])
    client.get(url)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
