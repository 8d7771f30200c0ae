from django.urls import path

from roundtable.glossary import views

app_name = "glossary"

urlpatterns = [
    path("projects/<int:project_id>/glossary/", views.project_glossary, name="project"),
    path("projects/<int:project_id>/glossary/ask/", views.ask, name="ask"),
    path("projects/<int:project_id>/glossary/add/", views.entry_edit, name="add"),
    path("projects/<int:project_id>/glossary/<int:entry_id>/edit/", views.entry_edit, name="edit"),
    path("projects/<int:project_id>/glossary/<int:entry_id>/remove/", views.entry_remove, name="remove"),
    path("projects/<int:project_id>/glossary/questions/<int:question_id>/", views.answer, name="answer"),
    path("organisations/<slug:slug>/plain-language/", views.organisation_words, name="organisation"),
]
