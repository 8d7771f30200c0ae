from django.urls import path

from roundtable.signin import views

app_name = "signin"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/link/", views.sign_in_link, name="link"),
    path("sign-in/password/", views.sign_in_password, name="password"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
