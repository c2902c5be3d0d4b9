from shop.account.models import Address
from shop.checkout.models import Checkout, CheckoutLine


def bangkok_address(**overrides) -> Address:
    data = {
        "first_name": "Somchai", "last_name": "Jaidee", "street_address_1": "99/1 Soi Ruam Rudee",
        "city": "Pathum Wan", "city_area": "Lumphini", "country_area": "Bangkok", "postal_code": "10330",
        "country": "TH", "phone": "+66812345678",
    }
    data.update(overrides)
    return Address.objects.create(**data)


def courier_for(channel, *, price="50.00", free_above=None):
    """A flat-rate courier for Thailand in the channel (one zone per channel)."""
    from shop.shipping.models import ShippingMethod
    from tests.factories.shipping import create_price_method, create_shipping_zone

    existing = ShippingMethod.objects.filter(shipping_zone__channels=channel, name="Courier").first()
    if existing is not None:
        return existing
    return create_price_method(create_shipping_zone(channel), channel, name="Courier", price=price, free_above=free_above)


def create_checkout(channel, lines=(), *, email="buyer@example.com", addresses=True, shipping=True) -> Checkout:
    checkout = Checkout.objects.create(
        channel=channel, currency=channel.currency_code, email=email,
        shipping_method=courier_for(channel) if shipping else None,
    )
    for variant, quantity in lines:
        CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=quantity)
    if addresses:
        checkout.shipping_address = bangkok_address()
        checkout.billing_address = bangkok_address()
        checkout.save()
    return checkout
