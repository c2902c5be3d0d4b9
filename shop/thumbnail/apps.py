from django.apps import AppConfig


class ThumbnailConfig(AppConfig):
    name = "shop.thumbnail"
    label = "thumbnail"
