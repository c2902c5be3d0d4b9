"""fairTradeMarginReport: where the money of each sale went, for order managers only."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphene.relay import Node

from shop.account.permissions import PermissionEnum
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member, place_paid_order
from tests.factories.fairtrade import create_terms
from tests.shop.graphql.conftest import GraphQLClient

from ..conftest import accept_and_ship, product_made_by
from ..margin_scenario import sell_scarves_and_baskets

pytestmark = pytest.mark.django_db

MONEY = "{ amount currency }"
ROW = f"""
key label labelEn gross {MONEY} vat {MONEY} producerShare {MONEY} premium {MONEY} fees {MONEY}
margin {MONEY} courierClaims {MONEY} producerSharePercent premiumPercent marginPercent
"""
QUERY_MARGIN_REPORT = f"""
query MarginReport($filter: FairTradeMarginReportFilterInput!) {{
  fairTradeMarginReport(filter: $filter) {{
    rows {{ {ROW} }}
    totals {{ {ROW} }}
    shipping {{ gross {MONEY} vat {MONEY} net {MONEY} }}
  }}
}}
"""
PARTS = ("vat", "producerShare", "premium", "fees", "margin", "courierClaims")


@pytest.fixture
def sales(channel, groups, django_capture_on_commit_callbacks, settings):
    return sell_scarves_and_baskets(channel, groups, django_capture_on_commit_callbacks, settings)


def _client(client, user=None):
    if user is not None:
        client.force_login(user)
    return GraphQLClient(client)


def _filter(group_by="PRODUCER_GROUP", **extra):
    today = timezone.localdate().isoformat()
    return {"filter": {"dateFrom": today, "dateTo": today, "groupBy": group_by, **extra}}


def _amounts(row):
    return {name: Decimal(str(row[name]["amount"])) for name in ("gross", *PARTS)}


def _report(client, **filter_args):
    manager = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])
    result = _client(client, manager).execute(QUERY_MARGIN_REPORT, _filter(**filter_args))
    assert "errors" not in result, result
    return result["data"]["fairTradeMarginReport"]


def test_each_group_row_splits_its_gross_as_posted(client, sales):
    # given: 3 scarves (north) and 2 baskets (northeast), one scarf refunded at the courier's cost
    # when
    report = _report(client)

    # then: hand-computed from the terms (VAT = gross x 7/107, fee 2 %, margin the rest)
    north, northeast = report["rows"]
    assert (north["label"], north["labelEn"]) == (sales["north"].name_th, sales["north"].name_en)
    assert north["key"] == str(sales["north"].pk)
    assert _amounts(north) == {
        "gross": Decimal("780.00"),  # 1170.00 sold, 390.00 refunded
        "vat": Decimal("51.03"),  # 76.54 on the sale, 25.51 given back
        "producerShare": Decimal("450.00"),  # 3 x 150.00: the group keeps its pay
        "premium": Decimal("45.00"),
        "fees": Decimal("23.40"),  # the processor keeps 2 % of 1170.00
        "margin": Decimal("575.06"),
        "courierClaims": Decimal("-364.49"),  # the courier owes the refund less its VAT
    }
    assert _amounts(northeast) == {
        "gross": Decimal("500.00"), "vat": Decimal("32.71"), "producerShare": Decimal("200.00"),
        "premium": Decimal("10.00"), "fees": Decimal("10.00"), "margin": Decimal("247.29"),
        "courierClaims": Decimal("0.00"),
    }
    assert (north["producerSharePercent"], north["premiumPercent"], north["marginPercent"]) == (57.69, 5.77, 73.73)
    assert (northeast["producerSharePercent"], northeast["premiumPercent"], northeast["marginPercent"]) == (
        40.0, 2.0, 49.46)
    assert north["gross"]["currency"] == "THB"


def test_every_row_and_the_totals_add_up_to_their_gross(client, sales):
    for group_by in ("PRODUCER_GROUP", "PRODUCT", "CATEGORY", "CHANNEL", "MONTH"):
        report = _report(client, group_by=group_by)

        for row in [*report["rows"], report["totals"]]:
            amounts = _amounts(row)
            assert amounts["gross"] == sum((amounts[name] for name in PARTS), Decimal(0)), (group_by, row)
        assert _amounts(report["totals"])["gross"] == Decimal("1280.00")
        assert _amounts(report["totals"])["margin"] == Decimal("822.35")


def test_shipping_is_reported_apart_from_the_goods(client, sales):
    report = _report(client, group_by="MONTH")

    shipping = report["shipping"]
    order = sales["order"]
    assert Decimal(str(shipping["gross"]["amount"])) == order.shipping_price_gross_amount == Decimal("50.00")
    assert Decimal(str(shipping["net"]["amount"])) == Decimal("46.73")
    assert Decimal(str(shipping["vat"]["amount"])) == Decimal("3.27")
    [month] = report["rows"]
    assert month["key"] == timezone.localdate().strftime("%Y-%m")


def test_filters_narrow_the_report_to_one_group_or_channel(client, sales):
    northeast_id = Node.to_global_id("ProducerGroup", sales["northeast"].pk)

    report = _report(client, group_by="PRODUCT", producerGroups=[northeast_id])

    [basket] = report["rows"]
    assert _amounts(basket)["gross"] == Decimal("500.00")
    assert Decimal(str(report["shipping"]["gross"]["amount"])) == 0  # shipping is no group's
    other_channel = Node.to_global_id("Channel", sales["order"].channel_id + 1000)
    assert _report(client, channels=[other_channel])["rows"] == []


def test_days_outside_the_range_are_left_out(client, sales):
    yesterday = (timezone.localdate() - timezone.timedelta(days=1)).isoformat()
    manager = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])

    result = _client(client, manager).execute(
        QUERY_MARGIN_REPORT, {"filter": {"dateFrom": yesterday, "dateTo": yesterday, "groupBy": "MONTH"}})

    assert result["data"]["fairTradeMarginReport"]["rows"] == []
    assert result["data"]["fairTradeMarginReport"]["totals"]["gross"]["amount"] == 0


def test_a_range_that_ends_before_it_starts_is_refused(client, sales):
    manager = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])
    today = timezone.localdate()

    result = _client(client, manager).execute(QUERY_MARGIN_REPORT, {"filter": {
        "dateFrom": today.isoformat(), "dateTo": (today - timezone.timedelta(days=1)).isoformat(),
        "groupBy": "MONTH"}})

    assert result["data"] is None
    assert result["errors"][0]["extensions"]["exception"]["code"] == "INVALID"


@pytest.mark.parametrize("who", ["anonymous", "staff_without_permission", "group_member", "shopper"])
def test_only_order_managers_see_the_margins(client, sales, who):
    user = {
        "anonymous": lambda: None,
        "staff_without_permission": lambda: create_staff(permissions=[PermissionEnum.MANAGE_PRODUCTS]),
        "group_member": lambda: create_member(sales["north"]),
        "shopper": lambda: create_user(),
    }[who]()

    result = _client(client, user).execute(QUERY_MARGIN_REPORT, _filter())

    assert result["data"] is None
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_the_number_of_queries_does_not_grow_with_the_rows(client, channel, groups, sales,
                                                          django_capture_on_commit_callbacks):
    manager = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])
    api = _client(client, manager)

    def count():
        with CaptureQueriesContext(connection) as queries:
            result = api.execute(QUERY_MARGIN_REPORT, _filter(group_by="PRODUCT"))
        return len(result["data"]["fairTradeMarginReport"]["rows"]), len(queries)

    rows_before, queries_before = count()
    # a third product, sold by the third group
    south = groups[2]
    bowl = product_made_by(channel, [(south, 5, 1, 0)], price="120.00")
    create_terms(south, bowl, price="50.00", premium="10", materials="10", minutes="30")
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(bowl, 1)], email="bowl@example.com")
    accept_and_ship(order.group_orders.get(), capture=django_capture_on_commit_callbacks)

    rows_after, queries_after = count()
    assert (rows_before, rows_after) == (2, 3)
    assert queries_after == queries_before
