from django.urls import path

from roundtable.credits import views

app_name = "credits"

P = "projects/<int:project_id>/"

urlpatterns = [
    path("my-contributions/", views.mine, name="mine"),
    path("my-contributions/certificate.pdf", views.certificate, name="certificate"),
    path("my-contributions/named/<int:output_id>/", views.naming, name="naming"),
    path(P + "contributions/", views.ledger, name="ledger"),
    path(P + "contributions/add/", views.add, name="add"),
    path(P + "contributions/<int:contribution_id>/check/", views.check, name="check"),
    path(P + "people-behind-it/", views.people, name="people"),
    path(P + "outputs/", views.outputs, name="outputs"),
    path(P + "outputs/new/", views.output_new, name="output_new"),
    path(P + "outputs/<int:output_id>/", views.output_page, name="output"),
    path(P + "outputs/<int:output_id>/roles.json", views.output_json, name="output_json"),
]
