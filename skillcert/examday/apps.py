from django.apps import AppConfig


class ExamdayConfig(AppConfig):
    name = "skillcert.examday"
    label = "examday"
    verbose_name = "考試當天 Exam day"
