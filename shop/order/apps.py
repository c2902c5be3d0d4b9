from django.apps import AppConfig


class OrderConfig(AppConfig):
    name = "shop.order"
    label = "order"
