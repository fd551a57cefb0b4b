from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("items/<slug:code>/", views.item, name="item"),
    path("items/<slug:code>/news/", views.item_news, name="item_news"),
    path("news/", views.news, name="news"),
    path("samples/<int:pk>/", views.sample_file, name="sample_file"),
]
