from django.urls import path

from roundtable.health import views, views_summary

app_name = "health"

urlpatterns = [
    path("projects/<int:project_id>/health/", views.project_page, name="project"),
    path("organisations/<slug:slug>/health/", views.organisation_page, name="organisation"),
    path("projects/<int:project_id>/health/send/", views_summary.send_summary, name="send_summary"),
]
