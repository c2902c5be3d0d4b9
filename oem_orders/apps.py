from django.apps import AppConfig


class OemOrdersConfig(AppConfig):
    name = "oem_orders"
    verbose_name = "OEM orders"
