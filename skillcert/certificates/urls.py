from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/<str:number>/<str:token>/", views.verify_token, name="verify_token"),
]
