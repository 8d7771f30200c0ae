"""Pinned query count for the new outcome form (issue 20: milestones come from a projects selector)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_new_outcome_form_makes_a_fixed_number_of_queries(world, django_assert_num_queries):
    client = Client()
    client.force_login(world.organiser)
    url = reverse("updates:outcome_new", args=[world.project.pk])
    client.get(url)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
