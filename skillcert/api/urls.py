"""API door: one module per domain in this package (payments.py, scoring.py …), each with
its own `urlpatterns`, included here."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("payments/", include("skillcert.api.payments")),
    path("scoring/", include("skillcert.api.scoring")),
]
