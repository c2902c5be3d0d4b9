"""What a mutation reads or writes stays on the checkout object it returns, and stays true.

A mutation locks the checkout, its services read and write lines, stock and
reservations, and the answer is built from the same object.  These tests run
the services on one object, as a mutation does, and check that what the object
holds afterwards equals what a fresh read of the database gives.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from shop.catalog.models import ProductVariantChannelListing
from shop.checkout import selectors, services
from shop.checkout.calculations import checkout_totals, listings_for
from shop.checkout.delivery import checkout_pricing, delivery_options
from shop.checkout.services import LineInput
from shop.shipping.models import ShippingMethod
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import bangkok_address, create_checkout
from tests.factories.discount import create_voucher
from tests.factories.shipping import create_price_method, create_shipping_zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    channel = create_channel()
    channel.reserve_stock_duration_minutes = 15
    channel.save()
    return channel


def _variant(channel, price="390.00", stock=10):
    return create_product(channel, price=Decimal(price), stock=stock).variants.get()


def _locked(checkout):
    return services.checkout_lock(token=checkout.pk)


def _fresh(checkout):
    """The same checkout read again from the database: nothing kept from earlier reads."""
    return services.checkout_lock(token=checkout.pk)


def _line_rows(checkout):
    return [(line.pk, line.variant_id, line.quantity) for line in selectors.checkout_lines_get(checkout)]


def test_lines_added_after_a_read_are_priced_on_the_same_object(channel):
    # given a checkout of one line whose lines and prices were already read
    scarf, bag = _variant(channel, "390.00"), _variant(channel, "250.00")
    checkout = create_checkout(channel, [(scarf, 1)])
    with transaction.atomic():
        locked = _locked(checkout)
        before = checkout_pricing(locked, selectors.checkout_lines_get(locked)).totals.subtotal.gross.amount

        # when one more scarf and a bag are added on that object
        services.checkout_lines_add(checkout=locked, lines=[LineInput(scarf.pk, 1), LineInput(bag.pk, 2)])

        # then the object's lines and prices are those of the database, not the ones read before
        after = checkout_pricing(locked, selectors.checkout_lines_get(locked)).totals.subtotal.gross.amount
        fresh = _fresh(checkout)
        assert _line_rows(locked) == _line_rows(fresh)
        assert after == checkout_pricing(fresh, selectors.checkout_lines_get(fresh)).totals.subtotal.gross.amount
    assert before == Decimal("390.00")
    assert after == Decimal("1280.00")  # 2 x 390 + 2 x 250


def test_lines_kept_in_memory_are_in_the_database_order(channel):
    # given a checkout with two lines
    first, second, third = _variant(channel), _variant(channel), _variant(channel)
    checkout = create_checkout(channel, [(first, 1), (second, 1)])
    with transaction.atomic():
        locked = _locked(checkout)

        # when lines are added, one of them forced apart from an existing line of its variant
        services.checkout_lines_add(
            checkout=locked,
            lines=[LineInput(third.pk, 1), LineInput(first.pk, 2, force_new_line=True), LineInput(second.pk, 1)],
        )

        # then the object lists them as the database orders them
        assert _line_rows(locked) == _line_rows(_fresh(checkout))
    assert len(_line_rows(_fresh(checkout))) == 4


def test_updated_and_deleted_lines_are_not_served_from_an_earlier_read(channel):
    # given a checkout of two lines, read (the mutations find the lines to change with their own query)
    scarf, bag = _variant(channel), _variant(channel)
    checkout = create_checkout(channel, [(scarf, 1), (bag, 1)])
    with transaction.atomic():
        locked = _locked(checkout)
        selectors.checkout_lines_get(locked)
        scarf_line, bag_line = list(locked.lines.all())

        # when a quantity changes, then a line is deleted
        services.checkout_lines_update(checkout=locked, updates=[(scarf_line, 3)])
        quantities = {line.variant_id: line.quantity for line in selectors.checkout_lines_get(locked)}
        services.checkout_lines_delete(checkout=locked, lines=[bag_line])

        # then each read of the object shows the change
        assert quantities == {scarf.pk: 3, bag.pk: 1}
        assert _line_rows(locked) == _line_rows(_fresh(checkout)) == [(scarf_line.pk, scarf.pk, 3)]
        assert selectors.lines_reserved(locked) == selectors.lines_reserved(_fresh(checkout))


def test_stock_and_reservations_left_by_lines_add_equal_the_database(channel, django_assert_num_queries):
    # given a variant of which another checkout holds 3 of 10 units
    scarf, bag = _variant(channel, stock=10), _variant(channel, stock=4)
    other = create_checkout(channel)
    with transaction.atomic():
        services.checkout_lines_add(checkout=_locked(other), lines=[LineInput(scarf.pk, 3)])
    checkout = create_checkout(channel, [(bag, 1)])

    with transaction.atomic():
        # when this checkout adds the scarf
        locked = _locked(checkout)
        services.checkout_lines_add(checkout=locked, lines=[LineInput(scarf.pk, 2)])
        variant_ids = [scarf.pk, bag.pk]

        # then its reservations and the stock it shows need no query and equal a fresh read
        with django_assert_num_queries(0):
            kept = (
                selectors.reservation_expires(locked), selectors.lines_reserved(locked),
                selectors.variants_available(locked, variant_ids),
            )
        fresh = _fresh(checkout)
        assert kept == (
            selectors.reservation_expires(fresh), selectors.lines_reserved(fresh),
            selectors.variants_available(fresh, variant_ids),
        )
    assert kept[0] is not None
    assert sorted(kept[1].values()) == [1, 2]
    assert kept[2] == {scarf.pk: 10, bag.pk: 4}  # reservations do not change stock rows


def test_delivery_options_follow_a_new_shipping_address(channel):
    # given a courier for Thailand and a post service for Laos, and a checkout priced for Bangkok
    courier = ShippingMethod.objects.get(pk=create_checkout(channel).shipping_method_id)
    laos_post = create_price_method(create_shipping_zone(channel, countries=("LA",)), channel, name="Lao Post", price="90.00")
    checkout = create_checkout(channel, [(_variant(channel), 1)])
    with transaction.atomic():
        locked = _locked(checkout)
        lines = selectors.checkout_lines_get(locked)
        in_thailand = delivery_options(locked, lines, checkout_totals(locked, lines))

        # when the shipping address moves to Vientiane on the same object
        address = {k: v for k, v in bangkok_address().__dict__.items() if k in {
            "first_name", "last_name", "street_address_1", "city", "postal_code", "phone"}}
        services.checkout_address_update(checkout=locked, kind="shipping", data={**address, "country": "LA"})

        # then the options are those for Laos
        in_laos = delivery_options(locked, lines, checkout_totals(locked, lines))
    assert [o.id for o in in_thailand] == [courier.pk]
    assert [o.id for o in in_laos] == [laos_post.pk]


def test_a_promo_code_applied_on_the_object_changes_its_totals(channel):
    # given a checkout whose totals were computed before a voucher was applied
    create_voucher(channel, "FAIR10", value=Decimal("10"))
    checkout = create_checkout(channel, [(_variant(channel, "400.00"), 1)])
    with transaction.atomic():
        locked = _locked(checkout)
        before = checkout_pricing(locked, selectors.checkout_lines_get(locked)).totals

        # when the code is applied to that object
        services.checkout_add_promo_code(checkout=locked, code="FAIR10")

        # then its totals include the discount
        after = checkout_pricing(locked, selectors.checkout_lines_get(locked)).totals
    assert before.discount.amount == 0
    assert after.discount.amount == Decimal("40.00")
    assert after.subtotal.gross.amount == Decimal("360.00")


def test_listings_read_for_one_channel_are_not_used_for_another(channel):
    # given a variant sold in two channels at different prices, read with the first channel's listings
    variant = _variant(channel, "390.00")
    other = create_channel("wholesale")
    ProductVariantChannelListing.objects.create(
        variant=variant, channel=other, currency="THB", price_amount=Decimal("300.00"),
        discounted_price_amount=Decimal("300.00"),
    )
    loaded = selectors.variants_with_listings(channel=channel, variant_ids=[variant.pk])[variant.pk]
    checkout = create_checkout(other)
    line = checkout.lines.create(variant=loaded, quantity=1)

    # when the other channel's listings are asked for
    listings = listings_for([line], other)

    # then they are read for that channel
    assert selectors.loaded_listings(loaded, other.pk) is None
    assert listings[variant.pk].price_amount == Decimal("300.00")


def test_an_order_keeps_the_lines_it_was_placed_with_exactly_as_saved(channel):
    # given a VAT rate whose share of 1 rounds on a half (7.125 % -> 0.07125 -> 0.0713 in the column)
    import datetime

    from shop.channel.models import TaxRate
    from shop.checkout.complete import checkout_complete
    from shop.core.taxes import vat_rates_forget
    from shop.order.models import Order
    from shop.order.selectors import order_lines_get

    TaxRate.objects.create(country="TH", valid_from=datetime.date(2000, 1, 1), rate=Decimal("7.1250"), source="test")
    vat_rates_forget()
    channel.allow_unpaid_orders = True
    channel.save()
    checkout = create_checkout(channel, [(_variant(channel, "390.00"), 2), (_variant(channel, "250.00"), 1)])

    # when it is placed
    with transaction.atomic():
        order = checkout_complete(token=checkout.pk)
    vat_rates_forget()

    # then the lines it answers with are those a fresh read gives, field for field
    def rows(lines):
        return [
            (line.pk, line.product_name, line.variant_name, line.quantity, line.tax_rate, line.unit_price_gross_amount,
             line.unit_price_net_amount, line.total_price_gross_amount, line.total_price_net_amount,
             line.undiscounted_unit_price_gross_amount, line.variant.product.name)
            for line in lines
        ]

    kept = rows(order_lines_get(order))
    assert kept == rows(order_lines_get(Order.objects.get(pk=order.pk)))
    assert {row[4] for row in kept} == {Decimal("0.0713")}


def test_a_checkout_created_with_lines_knows_its_reservations_and_has_no_payments_yet(
    channel, django_assert_num_queries
):
    from shop.payment.selectors import checkout_transactions
    from tests.factories.payment import create_transaction

    scarf = _variant(channel, stock=5)
    with transaction.atomic():
        # when a checkout is created with a line
        created = services.checkout_create(channel=channel, email="a@example.com", lines=[LineInput(scarf.pk, 2)])

        # then what it knows without reading equals the database
        with django_assert_num_queries(0):
            kept = (selectors.lines_reserved(created), selectors.reservation_expires(created),
                    checkout_transactions(created))
        fresh = _fresh(created)
        assert kept == (selectors.lines_reserved(fresh), selectors.reservation_expires(fresh), [])
        assert list(kept[0].values()) == [2]

        # and once paid, a checkout read again sees its payment
        payment = create_transaction(checkout=fresh, charged=Decimal("780.00"))
        assert [t.pk for t in checkout_transactions(_fresh(created))] == [payment.pk]


def test_lines_added_again_to_a_checkout_created_in_the_same_transaction_replace_its_reservations(channel):
    # given a checkout created with a line (its first reservation written without replacing anything)
    scarf, bag = _variant(channel, stock=5), _variant(channel, stock=5)
    with transaction.atomic():
        created = services.checkout_create(channel=channel, email="a@example.com", lines=[LineInput(scarf.pk, 1)])

        # when the same object gets more of that line and a new one
        services.checkout_lines_add(checkout=created, lines=[LineInput(scarf.pk, 2), LineInput(bag.pk, 1)])

        # then each line holds one reservation of its whole quantity, as the database says
        fresh = _fresh(created)
        assert selectors.lines_reserved(created) == selectors.lines_reserved(fresh)
    assert sorted(selectors.lines_reserved(fresh).values()) == [1, 3]
