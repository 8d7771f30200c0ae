"""The product's URLs plus the benchmark's reference page (used only by bench/run.py)."""

from django.urls import include, path

from bench.reference import reference_page

urlpatterns = [
    path("bench/reference/", reference_page, name="bench_reference"),
    path("", include("roundtable.urls")),
]
