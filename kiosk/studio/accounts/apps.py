from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kiosk.studio.accounts"
    label = "accounts"
    verbose_name = "Comptes et lieux"
