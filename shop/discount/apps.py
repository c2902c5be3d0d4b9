from django.apps import AppConfig


class DiscountConfig(AppConfig):
    name = "shop.discount"
    label = "discount"
