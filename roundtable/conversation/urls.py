from django.urls import path

from roundtable.conversation import views

app_name = "conversation"

urlpatterns = [
    path("projects/<int:project_id>/conversation/", views.topics, name="topics"),
    path("projects/<int:project_id>/conversation/new/", views.topic_new, name="new"),
    path("projects/<int:project_id>/conversation/settings/", views.conversation_settings, name="settings"),
    path("projects/<int:project_id>/conversation/<int:number>/", views.topic_page, name="topic"),
    path("projects/<int:project_id>/conversation/<int:number>/since/", views.topic_since, name="since"),
    path(
        "projects/<int:project_id>/conversation/<int:number>/replies/<int:reply_id>/hide/",
        views.reply_hide,
        name="hide",
    ),
    path(
        "projects/<int:project_id>/conversation/<int:number>/replies/<int:reply_id>/report/",
        views.reply_report,
        name="report",
    ),
]
