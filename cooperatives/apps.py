from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Producer groups")

    def ready(self):
        from shop.core.events import subscribe
        from shop.order.events import OrderCancelled, OrderCreated, OrderPaid
        from shop.warehouse import sourcing

        from . import handlers
        from .capacity import CooperativeSourcing
        from .events import (
            GroupOrderCreated,
            GroupOrderLineDeclined,
            GroupOrderLineExpired,
            GroupOrderLineRefunded,
        )

        sourcing.register(CooperativeSourcing())
        subscribe(OrderPaid, handlers.on_order_paid)
        subscribe(OrderCreated, handlers.on_order_created)
        subscribe(OrderCancelled, handlers.on_order_cancelled)
        subscribe(GroupOrderCreated, handlers.on_group_order_created)
        subscribe(GroupOrderLineDeclined, handlers.on_line_declined)
        subscribe(GroupOrderLineExpired, handlers.on_line_expired)
        subscribe(GroupOrderLineRefunded, handlers.on_line_refunded)
