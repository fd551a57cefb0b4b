from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "skillcert.payments"
    label = "payments"
    verbose_name = "繳費 Payments"
