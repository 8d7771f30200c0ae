from django.urls import path

from roundtable.health import views

app_name = "health"

urlpatterns = [
    path("projects/<int:project_id>/health/", views.project_page, name="project"),
    path("organisations/<slug:slug>/health/", views.organisation_page, name="organisation"),
]
