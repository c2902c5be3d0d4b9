from django.apps import AppConfig


class AccountConfig(AppConfig):
    name = "shop.account"
    label = "account"
