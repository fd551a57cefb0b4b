from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "skillcert.core"
    label = "core"
    verbose_name = "核心 Core"
