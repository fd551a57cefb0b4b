from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "skillcert.backoffice"
    label = "backoffice"
    verbose_name = "後台 Back office"
