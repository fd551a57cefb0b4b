"""API door. v1 (django-ninja, with its OpenAPI schema) is `v1.py`, mounted by skillcert/urls.py
at /api/v1/ (its docs page is here); the first endpoints
(payments.py, scoring.py) stay at their old URLs as aliases of their v1 operations' behaviour."""

from django.urls import include, path

from .v1_docs import docs

app_name = "api"

urlpatterns = [
    path("v1/docs", docs, name="v1_docs"),
    path("payments/", include("skillcert.api.payments")),
    path("scoring/", include("skillcert.api.scoring")),
]
