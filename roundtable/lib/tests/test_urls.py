from __future__ import annotations

from django.test import override_settings

from roundtable.lib.urls import absolute_url


@override_settings(SITE_URL="https://roundtable.example")
def test_a_path_gets_the_site_address_and_a_full_address_stays_as_it_is():
    assert absolute_url("/projects/3/?tab=people#top") == "https://roundtable.example/projects/3/?tab=people#top"
    assert absolute_url("https://orcid.org/0000-0002-1825-0097") == "https://orcid.org/0000-0002-1825-0097"
    assert absolute_url("http://127.0.0.1:8100/") == "http://127.0.0.1:8100/"
