from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "skillcert.groups"
    label = "groups"
    verbose_name = "團報 Groups"
