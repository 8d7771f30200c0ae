from django.urls import path

from roundtable.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("demo/", views.demo_personas, name="demo"),
    path("demo/sign-in/<int:user_id>/", views.demo_sign_in, name="demo_sign_in"),
]
