from django.shortcuts import render

from .models import Item


def home(request):
    items = Item.objects.filter(is_published=True)
    return render(request, "catalog/home.html", {"items": items})
