from django.apps import AppConfig


class MenuConfig(AppConfig):
    name = "shop.menu"
    label = "menu"
