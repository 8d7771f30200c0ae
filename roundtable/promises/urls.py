from django.urls import path

from roundtable.promises import views

app_name = "promises"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("organisations/<slug:slug>/privacy/", views.organisation_privacy, name="organisation_privacy"),
    path("organisations/<slug:slug>/privacy/edit/", views.organisation_privacy_edit, name="organisation_privacy_edit"),
    path("organisations/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("organisations/<slug:slug>/audit/csv/", views.audit_log_csv, name="audit_log_csv"),
    path("organisations/<slug:slug>/export/", views.organisation_export, name="organisation_export"),
    path(
        "organisations/<slug:slug>/export/<str:token>/",
        views.organisation_export_download,
        name="organisation_export_download",
    ),
]
