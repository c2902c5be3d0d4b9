from django.apps import AppConfig


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = "Producer groups"
