"""Mount with `path("payments/", include("skillcert.payments.urls"))` in skillcert/urls.py
(namespace "payments": `payments:slip` is what the registration pages link to)."""

from .views import app_name, urlpatterns  # noqa: F401
