"""Pinned query count for a person's message settings (issue 20: the profile comes with the settings)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from roundtable.accounts.models import CommunicationProfile, User

pytestmark = pytest.mark.django_db


def test_message_settings_make_a_fixed_number_of_queries(django_assert_num_queries):
    user = User.objects.create_user("amira@example.com", full_name="Amira Hassan")
    CommunicationProfile.objects.create(user=user, channels=["text", "email"])
    client = Client()
    client.force_login(user)
    url = reverse("notifications:preferences")
    client.get(url)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
