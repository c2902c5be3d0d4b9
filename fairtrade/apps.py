from django.apps import AppConfig


class FairtradeConfig(AppConfig):
    name = "fairtrade"
    verbose_name = "Fair trade"
