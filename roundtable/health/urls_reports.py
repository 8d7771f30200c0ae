"""The reports' addresses (issue 15, "URLs"): others link to these, so keep them stable."""

from django.urls import path

from roundtable.health.reports import views

app_name = "reports"

P = "projects/<int:project_id>/reports/"

urlpatterns = [
    path(P + "gripp2/", views.gripp2_page, name="gripp2"),
    path(P + "gripp2/<slug:section>/", views.gripp2_section, name="gripp2_section"),
    path(P + "gripp2/<slug:section>/reset/", views.gripp2_reset, name="gripp2_reset"),
    path(P + "funder/", views.funder_page, name="funder"),
    path(P + "standards/", views.standards_page, name="standards"),
]
