"""The load test's invariant checker (bench/loadtest.py ``verify``) on books built with factories.

The load test itself (locust against the whole stack) is not run here: this checks that the
checker passes books that add up and reports the ones that do not.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from bench.loadtest import verify
from cooperatives import services
from cooperatives.models import GroupOrder, GroupOrderLine
from fairtrade.ledger import Line, journal_post
from fairtrade.models import Account, JournalKind, ReferenceType
from tests.cooperatives.conftest import product_made_by
from tests.factories.catalog import create_channel
from tests.factories.checkout import courier_for
from tests.factories.cooperatives import create_group, create_member, place_paid_order
from tests.factories.fairtrade import create_terms, ensure_minimum_wages

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(django_capture_on_commit_callbacks):
    """Two groups, each making one product with fair-trade terms; a courier that charges shipping."""
    ensure_minimum_wages()
    channel = create_channel()
    courier_for(channel)
    north, south = create_group(channel, region="north"), create_group(channel, region="south")
    scarf = product_made_by(channel, [(north, 10, 1, 0)], price="390.00")
    basket = product_made_by(channel, [(south, 10, 1, 0)], price="250.00")
    with django_capture_on_commit_callbacks(execute=True):  # their FairTradeTermsSaved events are handled
        create_terms(north, scarf, price="150.00", premium="10")
        create_terms(south, basket, price="100.00", premium="5", materials="20", minutes="60")
    return channel, scarf, basket


def _accept(group_order, capture, *, ship: bool):
    user = create_member(group_order.group)
    with capture(execute=True), transaction.atomic():
        services.group_order_accept(group_order_id=group_order.pk, user=user)
    if ship:
        with capture(execute=True), transaction.atomic():
            services.group_order_ship(
                group_order_id=group_order.pk, user=user, carrier="Thailand Post", tracking_number="EF123456789TH",
                lines=[services.ShipLine(line.pk, line.quantity) for line in group_order.lines.all()])


def _books(shop, capture):
    """Two paid orders; one group order accepted and shipped, one accepted only, one left awaiting."""
    channel, scarf, basket = shop
    with capture(execute=True):
        first = place_paid_order(channel, [(scarf, 2), (basket, 1)])
    with capture(execute=True):
        second = place_paid_order(channel, [(scarf, 1), (basket, 3)])
    first_orders = list(GroupOrder.objects.filter(order=first).order_by("sequence"))
    second_orders = list(GroupOrder.objects.filter(order=second).order_by("sequence"))
    _accept(first_orders[0], capture, ship=True)
    _accept(first_orders[1], capture, ship=False)
    _accept(second_orders[0], capture, ship=True)
    return first, second


def _failed(result) -> set[str]:
    return {check["name"] for check in result["checks"] if not check["ok"]}


def test_books_that_add_up_pass_with_exact_counts(shop, django_capture_on_commit_callbacks):
    _books(shop, django_capture_on_commit_callbacks)

    result = verify()

    assert result["failures"] == []
    counts = result["counts"]
    assert (counts["orders"], counts["orders_paid"], counts["orders_split"]) == (2, 2, 2)
    assert (counts["group_orders"], counts["lines_accepted"], counts["lines_shipped"], counts["lines_awaiting"]) == (4, 3, 2, 1)
    # One sale per accepted line; the shipping charge once per order with a sale.
    assert (counts["sale_journals_expected"], counts["sale_journals_found"]) == (3, 3)
    assert (counts["shipping_journals_expected"], counts["shipping_journals_found"]) == (2, 2)
    assert counts["entries_found"] == counts["entries_expected"] > 0
    assert (counts["payable_expected"], counts["payable_found"]) == (2, 2)
    assert counts["events_pending_all"] == 0 and counts["deliveries_found"] == counts["deliveries_expected"] > 0


def test_an_order_left_unsplit_with_its_event_pending_is_reported(shop, django_capture_on_commit_callbacks):
    channel, scarf, _ = shop
    _books(shop, django_capture_on_commit_callbacks)

    place_paid_order(channel, [(scarf, 1)])  # committed, but its events were never dispatched

    result = verify()
    assert result["counts"]["orders"] == 3 and result["counts"]["orders_split"] == 2
    assert {"orders split (of orders created)", "outbox events pending (whole database)"} <= _failed(result)
    assert any(failure.startswith("orders split (of orders created): expected 3, found 2") for failure in result["failures"])


def test_a_sale_posted_twice_for_one_line_is_reported(shop, django_capture_on_commit_callbacks):
    _books(shop, django_capture_on_commit_callbacks)
    line = GroupOrderLine.objects.filter(status="accepted").order_by("pk").first()

    with transaction.atomic():  # the same line's sale again under another key: a double the keys cannot catch
        journal_post(key=f"sale:{line.pk}:again", kind=JournalKind.SALE, reference_type=ReferenceType.GROUP_ORDER_LINE,
                     reference_id=line.pk, currency="THB",
                     lines=[Line(Account.SALES_GROSS, Decimal("10.00")), Line(Account.SE_MARGIN, Decimal("-10.00"))])

    result = verify()
    assert result["counts"]["lines_posted_twice"] == 1
    assert {"sale journals (one per accepted group-order line)", "ledger entries of those journals",
            "lines posted twice / orders' shipping posted twice"} <= _failed(result)


def test_only_orders_since_the_start_of_a_run_are_counted(shop, django_capture_on_commit_callbacks):
    from django.utils import timezone

    _books(shop, django_capture_on_commit_callbacks)
    start = timezone.now()

    result = verify(since=start)
    assert result["counts"]["orders"] == 0 and result["failures"] == []
