from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairtradeConfig(AppConfig):
    name = "fairtrade"
    verbose_name = _("Fair trade")

    def ready(self):
        from cooperatives.events import (
            GroupOrderAccepted,
            GroupOrderLineDeclined,
            GroupOrderShipped,
            GroupOrderStatusChanged,
        )
        from shop.core.events import subscribe
        from shop.order.events import OrderCancelled, OrderRefunded

        from . import handlers
        from .events import FairTradeTermsSaved

        subscribe(GroupOrderAccepted, handlers.on_group_order_accepted)
        subscribe(GroupOrderLineDeclined, handlers.on_group_order_line_declined)
        subscribe(GroupOrderShipped, handlers.on_group_order_shipped)
        subscribe(GroupOrderStatusChanged, handlers.on_group_order_status_changed)
        subscribe(OrderCancelled, handlers.on_order_cancelled)
        subscribe(OrderRefunded, handlers.on_order_refunded)
        subscribe(FairTradeTermsSaved, handlers.on_terms_saved)
