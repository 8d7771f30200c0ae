from django.urls import path

from roundtable.updates import views

app_name = "updates"

urlpatterns = [
    path("projects/<int:project_id>/updates/", views.updates_list, name="list"),
    path("projects/<int:project_id>/updates/new/", views.update_new, name="update_new"),
    path("projects/<int:project_id>/updates/how-often/", views.cadence, name="cadence"),
    path("projects/<int:project_id>/updates/<int:update_id>/", views.update_detail, name="update"),
    path("projects/<int:project_id>/updates/outcome/new/", views.outcome_new, name="outcome_new"),
    path("projects/<int:project_id>/updates/outcomes/<int:outcome_id>/", views.outcome_detail, name="outcome"),
]
