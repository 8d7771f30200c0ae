app_name = "decisions"

urlpatterns: list = []

from roundtable.decisions import round_tables_urls  # noqa: E402

urlpatterns += round_tables_urls.urlpatterns
