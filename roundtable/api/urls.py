from django.urls import path

from roundtable.api import views
from roundtable.api.api import api

app_name = "api"

urlpatterns = [
    path("organisations/<slug:slug>/api-tokens/", views.admin_page, name="admin"),
]

api_urlpatterns = [path("api/v1/", api.urls)]
