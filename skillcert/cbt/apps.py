from django.apps import AppConfig


class CbtConfig(AppConfig):
    name = "skillcert.cbt"
    label = "cbt"
    verbose_name = "電腦測驗 CBT"
