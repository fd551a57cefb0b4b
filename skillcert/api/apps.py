from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "skillcert.api"
    label = "api"
    verbose_name = "API API"
