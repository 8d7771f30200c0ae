"""All twenty recommendations together run a fixed number of queries, whatever the amount of data
(docs/health.md, "Speed")."""

from __future__ import annotations

import pytest

from roundtable.health.selectors import recommendation_evidence
from roundtable.health.tests.test_recommendations import at, build_world, clock, media, people  # noqa: F401
from roundtable.projects.models import Project

# The sum of each recommendation's own fixed count (see each evidence function's docstring).
QUERIES = 43


def test_a_project_with_no_record_runs_the_pinned_queries(people, django_assert_num_queries):  # noqa: F811
    project = Project.objects.get(pk=people.project.pk)
    with django_assert_num_queries(QUERIES):
        results = recommendation_evidence(project, as_of=at(31, 12))
    assert len(results) == 20


@pytest.mark.parametrize("rounds", [1, 3])
def test_the_same_queries_as_the_record_grows(people, clock, rounds, django_assert_num_queries):  # noqa: F811
    build_world(people, clock, rounds=rounds)
    project = Project.objects.get(pk=people.project.pk)
    with django_assert_num_queries(QUERIES):
        results = recommendation_evidence(project, as_of=at(31, 12))
    assert len(results) == 20
