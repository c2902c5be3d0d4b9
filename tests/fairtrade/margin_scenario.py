"""A small, hand-checkable set of sales for the margin report tests (GraphQL and manager pages).

One paid order: 3 scarves at 390.00 made by the north group (terms 150.00, premium
10 %) and 2 baskets at 250.00 made by the northeast group (terms 100.00, premium 5 %),
a 2 % payment fee; both groups accept and ship; then one scarf (390.00) is refunded
and the courier bears it (the parcel arrived torn).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from cooperatives.models import GroupOrder
from fairtrade import sales
from fairtrade.models import SoldLine
from tests.factories.cooperatives import place_paid_order
from tests.factories.fairtrade import create_terms

from .conftest import accept_and_ship, product_made_by


def sell_scarves_and_baskets(channel, groups, capture, settings):
    """The order above; returns {"order", "north", "northeast", "scarf", "basket"}."""
    settings.FAIRTRADE_PAYMENT_FEE_PERCENT = {"default": "2"}
    north, northeast = groups[0], groups[1]
    scarf = product_made_by(channel, [(north, 5, 1, 0)], price="390.00")
    basket = product_made_by(channel, [(northeast, 5, 1, 0)], price="250.00")
    create_terms(north, scarf, price="150.00", premium="10")
    create_terms(northeast, basket, price="100.00", premium="5", materials="20", minutes="60")
    # One transaction around the checkout, so transactional (browser) tests can place it too.
    with capture(execute=True), transaction.atomic():
        order = place_paid_order(channel, [(scarf, 3), (basket, 2)])
    for group_order in GroupOrder.objects.filter(order=order).order_by("pk"):
        accept_and_ship(group_order, capture=capture)
    sold = SoldLine.objects.get(group=north)
    with transaction.atomic():
        sales.sale_refund(sold_line_id=sold.pk, amount=Decimal("390.00"), bearer="courier",
                          reason="The parcel arrived torn")
    return {"order": order, "north": north, "northeast": northeast, "scarf": scarf, "basket": basket}
