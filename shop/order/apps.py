from django.apps import AppConfig


class OrderConfig(AppConfig):
    name = "shop.order"
    label = "order"

    def ready(self):
        from shop.core.events import subscribe

        from .events import OrderCreated
        from .handlers import on_order_created

        subscribe(OrderCreated, on_order_created)
