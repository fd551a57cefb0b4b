from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "skillcert.certificates"
    label = "certificates"
    verbose_name = "證書 Certificates"

    def ready(self):
        from . import receivers

        receivers.connect()
