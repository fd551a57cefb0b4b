from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skillcert.accounts"
    label = "accounts"
    verbose_name = "帳號 Accounts"
