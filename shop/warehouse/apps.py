from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    name = "shop.warehouse"
    label = "warehouse"
