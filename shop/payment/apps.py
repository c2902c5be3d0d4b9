from django.apps import AppConfig


class PaymentConfig(AppConfig):
    name = "shop.payment"
    label = "payment"
    verbose_name = "Payments"
