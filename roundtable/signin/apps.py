from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "roundtable.signin"
    label = "signin"
