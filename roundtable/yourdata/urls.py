from django.urls import path

from roundtable.yourdata import views

app_name = "yourdata"

urlpatterns = [
    path("my-data/", views.home, name="home"),
    path("my-data/ask/", views.ask, name="ask"),
    path("my-data/download/<str:token>/", views.download, name="download"),
    path("my-data/delete/", views.delete, name="delete"),
    path("my-data/deleted/", views.deleted, name="deleted"),
    path("my-data/for/<int:person_id>/delete/", views.delete_for, name="delete_for"),
]
