from django.apps import AppConfig


class PageConfig(AppConfig):
    name = "shop.page"
    label = "page"
