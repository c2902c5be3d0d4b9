"""Test URLconf: routes the thumbnail view as shop/urls.py will."""

from django.urls import include, path

urlpatterns = [
    path("thumbnail/", include("shop.thumbnail.urls")),
]
