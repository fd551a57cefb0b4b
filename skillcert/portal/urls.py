"""Candidate door 考生服務專區: thin views per domain in this package, included here."""

from django.urls import include, path

from . import invoices, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("registrations/", include("skillcert.portal.registrations")),
    path("special-needs/", include("skillcert.portal.special_needs")),
    path("results/", include("skillcert.portal.scoring")),
    path("certificates/", include("skillcert.portal.certificates")),
    path("notices/", include("skillcert.portal.examday")),
    path("invoices/", include(invoices.urlpatterns)),
]
