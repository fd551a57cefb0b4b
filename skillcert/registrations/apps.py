from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "skillcert.registrations"
    label = "registrations"
    verbose_name = "報名 Registrations"

    def ready(self):
        from . import catalog_cache, receivers

        catalog_cache.connect_signals()
        receivers.connect_signals()
