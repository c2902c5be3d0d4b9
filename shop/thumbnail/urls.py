from django.urls import path

from . import views

app_name = "thumbnail"

urlpatterns = [
    path("<str:token>/", views.thumbnail_redirect, name="thumbnail"),
]
