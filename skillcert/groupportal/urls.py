from django.urls import path

from . import views

app_name = "groupportal"

urlpatterns = [
    path("", views.home, name="home"),
]
