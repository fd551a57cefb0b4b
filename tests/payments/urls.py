"""The root URLs plus the payments pages, until skillcert/urls.py mounts them itself
(`path("payments/", include("skillcert.payments.urls"))`)."""

from django.urls import include, path

from skillcert.urls import urlpatterns as root_patterns

mounted = any(getattr(p, "namespace", None) == "payments" for p in root_patterns)
urlpatterns = (
    list(root_patterns) if mounted else [path("payments/", include("skillcert.payments.urls")), *root_patterns]
)
