from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "roundtable.accounts"
    label = "accounts"
