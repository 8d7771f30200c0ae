from django.urls import path

from roundtable.decisions import views

app_name = "decisions"

urlpatterns = [
    path("projects/<int:project_id>/decisions/", views.decision_log, name="log"),
    path("projects/<int:project_id>/decisions/export.csv", views.decision_log_csv, name="export"),
    path("projects/<int:project_id>/decisions/new/", views.proposal_new, name="new"),
    path("projects/<int:project_id>/decisions/settings/", views.decision_settings, name="settings"),
    path("projects/<int:project_id>/decisions/<int:number>/", views.proposal_page, name="proposal"),
    path(
        "projects/<int:project_id>/decisions/<int:number>/record-vote/", views.proposal_record_vote, name="record_vote"
    ),
    path("projects/<int:project_id>/decisions/<int:number>/close/", views.proposal_close, name="close"),
]

from roundtable.decisions import round_tables_urls  # noqa: E402

urlpatterns += round_tables_urls.urlpatterns
