"""Every URL of the project has a row in a permission table (every URL x every role), so the next new page
cannot forget its row (issue 11). Add the row to the app's table or to core/tests/test_permission_rows.py."""

from __future__ import annotations

from roundtable.core.tests.url_tables import all_url_names, tabled_url_names


def test_every_url_is_in_a_permission_table():
    missing = sorted(all_url_names() - set(tabled_url_names()))
    assert not missing, "These URLs have no row in any permission table: " + ", ".join(missing)


def test_the_tables_name_only_real_urls():
    unknown = sorted(set(tabled_url_names()) - all_url_names())
    assert not unknown, unknown


def test_the_check_notices_a_new_page(settings, tmp_path, monkeypatch):
    """A URL added without a row is caught (the test above can fail)."""
    import sys
    import types

    from django.http import HttpResponse
    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("rt_extra_urls")
    extra = types.ModuleType("rt_extra_app_urls")
    extra.app_name = "extra"
    extra.urlpatterns = [path("brand-new/", lambda request: HttpResponse("new"), name="brand_new")]
    from roundtable import urls as project_urls

    module.urlpatterns = [*project_urls.urlpatterns, path("", include(extra))]
    monkeypatch.setitem(sys.modules, "rt_extra_urls", module)
    monkeypatch.setitem(sys.modules, "rt_extra_app_urls", extra)
    settings.ROOT_URLCONF = "rt_extra_urls"
    clear_url_caches()
    try:
        assert "extra:brand_new" in all_url_names() - set(tabled_url_names())
    finally:
        clear_url_caches()
