"""Back-office tools beyond the admin (imports, queues, decisions): one module per domain
in this package, each with its own `urlpatterns`, included here."""

from django.urls import include, path

app_name = "backoffice_tools"

urlpatterns = [
    path("registrations/", include("skillcert.backoffice.registrations")),
    path("payments/", include("skillcert.backoffice.payments")),
    path("invoices/", include("skillcert.backoffice.invoices")),
    path("groups/", include("skillcert.backoffice.groups")),
    path("scoring/", include("skillcert.backoffice.scoring")),
    path("certificates/", include("skillcert.backoffice.certificates")),
    path("certificates/mailing/", include("skillcert.backoffice.mailing")),
    path("cbt/", include("skillcert.backoffice.cbt")),
    path("cbt/", include("skillcert.backoffice.cbt_analysis")),
    path("examday/", include("skillcert.backoffice.examday")),
    path("examday/", include("skillcert.backoffice.examkits")),
    path("examday/", include("skillcert.backoffice.sittings")),
    path("audit/", include("skillcert.backoffice.audit")),
    path("reports/", include("skillcert.backoffice.reports")),
    path("exports/", include("skillcert.backoffice.exports")),
]
