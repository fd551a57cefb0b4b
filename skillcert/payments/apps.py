from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "skillcert.payments"
    label = "payments"
    verbose_name = "繳費 Payments"

    def ready(self):
        from .invoices import on_payment_confirmed
        from .signals import payment_confirmed

        payment_confirmed.connect(on_payment_confirmed, dispatch_uid="payments.invoice_issue")
