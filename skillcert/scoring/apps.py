from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "skillcert.scoring"
    label = "scoring"
    verbose_name = "成績 Scoring"
