"""Two groups sharing one order line accept at the same moment: each takes its own units, exactly."""

from decimal import Decimal

import pytest
from django.db import transaction

from cooperatives import services
from cooperatives.models import GroupOrder
from fairtrade.models import SoldLine
from tests.concurrency import run_at_once
from tests.factories.cooperatives import place_paid_order
from tests.factories.fairtrade import create_terms

from .conftest import product_made_by

pytestmark = pytest.mark.django_db(transaction=True)


def _accept(group_order_id):
    with transaction.atomic():
        return services.group_order_accept(group_order_id=group_order_id, user=None)


def test_simultaneous_acceptances_of_one_order_line_add_up_to_it(channel, groups):
    north, _, south = groups
    # North holds 1 unit, south 5: an order of 3 is shared, 1 to north and 2 to south.
    jar = product_made_by(channel, [(north, 1, 1, 0), (south, 5, 2, 0)], price="100.00")
    create_terms(north, jar, price="60.00", materials="10", minutes="60")
    create_terms(south, jar, price="60.00", materials="10", minutes="60")
    with transaction.atomic():  # the order's events run when it commits
        order = place_paid_order(channel, [(jar, 3)])
    group_orders = list(GroupOrder.objects.filter(order=order).order_by("sequence"))
    assert sorted(go.lines.get().quantity for go in group_orders) == [1, 2]

    results = run_at_once([lambda go=go: _accept(go.pk) for go in group_orders])

    assert not [r for r in results if isinstance(r, Exception)]
    line = order.lines.get()
    sold = list(SoldLine.objects.filter(order_line=line))
    assert sorted(s.quantity for s in sold) == [1, 2]
    # VAT of 300.00 is 19.63, which 3 units share as 6.55 + 6.54 + 6.54: only one sold line takes the 6.55.
    assert sum(s.gross for s in sold) == line.total_price_gross_amount
    assert sum(s.vat for s in sold) == line.total_price_gross_amount - line.total_price_net_amount
    assert all(s.gross == s.vat + s.producer_share + s.premium + s.fee + s.margin for s in sold)
    assert sum(s.producer_share for s in sold) == Decimal("180.00")
