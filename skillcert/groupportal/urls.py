from django.urls import path, re_path

from . import changes, examday, files, invoices, requests, views

app_name = "groupportal"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("organisation/", views.organisation_edit, name="organisation"),
    path("sittings/register/", views.sitting_register, name="sitting_register"),
    path("sittings/<int:pk>/", views.sitting_detail, name="sitting"),
    re_path(r"^sittings/(?P<pk>\d+)/template\.(?P<fmt>xlsx|csv)$", files.template_download, name="template"),
    path("sittings/<int:pk>/upload/", files.upload, name="upload"),
    re_path(r"^sittings/(?P<pk>\d+)/export\.(?P<fmt>xlsx|csv)$", files.export, name="export"),
    path("sittings/<int:pk>/checklist.pdf", files.checklist, name="checklist"),
    path("sittings/<int:pk>/venue/", requests.venue_request, name="venue_request"),
    path("sittings/<int:pk>/refund/", requests.refund_request, name="refund_request"),
    *changes.urlpatterns,
    *examday.urlpatterns,
    *invoices.urlpatterns,
]
