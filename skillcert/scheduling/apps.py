from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "skillcert.scheduling"
    label = "scheduling"
    verbose_name = "排程 Scheduling"
