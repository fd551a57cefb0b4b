from django.apps import AppConfig


class GroupportalConfig(AppConfig):
    name = "skillcert.groupportal"
    label = "groupportal"
    verbose_name = "團報服務專區 Group portal"
