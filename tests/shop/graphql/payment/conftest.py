from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from graphql import parse

from tests.factories.catalog import create_channel, create_product, create_product_type
from tests.factories.checkout import create_checkout
from tests.fakes.stripe_server import running_fake_stripe
from tests.shop.graphql.conftest import GraphQLClient

STOREFRONT = Path(__file__).resolve().parents[3] / "operations" / "storefront"


def storefront_operation(name: str) -> str:
    """One operation of tests/operations/storefront/payment.graphql with the fragments it spreads."""
    text = (STOREFRONT / "payment.graphql").read_text() + (STOREFRONT / "fragments.graphql").read_text()
    definitions = {d.name.value: d for d in parse(text).definitions}
    needed, pending = {name}, [name]
    while pending:
        source = _source(definitions[pending.pop()])
        for other, definition in definitions.items():
            if definition.kind == "fragment_definition" and f"...{other}" in source and other not in needed:
                needed.add(other)
                pending.append(other)
    return "\n".join(_source(definitions[n]) for n in sorted(needed))


def _source(definition) -> str:
    return definition.loc.source.body[definition.loc.start : definition.loc.end]


@pytest.fixture
def fake_stripe(settings):
    """Stripe's API answered by a local fake (tests/fakes/stripe_server.py)."""
    yield from running_fake_stripe(settings)


@pytest.fixture
def channel(db):
    return create_channel()


@pytest.fixture
def scarf(channel):
    """A 390 THB scarf."""
    return create_product(channel, name="Mudmee scarf", price=Decimal("390.00")).variants.get()


@pytest.fixture
def ebook(channel):
    """A 250 THB recipe e-book: nothing to ship."""
    product_type = create_product_type("Digital")
    product_type.is_shipping_required = False
    product_type.save()
    return create_product(channel, name="Isan recipes e-book", price=Decimal("250.00"),
                          product_type=product_type).variants.get()


@pytest.fixture
def checkout(channel, scarf):
    """A checkout for one scarf with Bangkok addresses and a courier chosen."""
    return create_checkout(channel, [(scarf, 1)])


@pytest.fixture
def payments_staff(django_user_model):
    user = django_user_model.objects.create_user("payments@example.com", "pass", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="handle_payments"))
    return user


@pytest.fixture
def payments_api_client(client, payments_staff):
    client.force_login(payments_staff)
    return GraphQLClient(client)


@pytest.fixture
def customer_checkout(channel, scarf, django_user_model):
    """Someone else's checkout: it belongs to a customer account."""
    checkout = create_checkout(channel, [(scarf, 1)], email="other@example.com")
    checkout.user = django_user_model.objects.create_user("other@example.com", "pass")
    checkout.save()
    return checkout


@pytest.fixture
def unpaid_order(channel, checkout):
    """A guest's order placed unpaid (the channel takes bank transfer / cash on delivery)."""
    from shop.checkout.complete import checkout_complete

    channel.allow_unpaid_orders = True
    channel.save()
    return checkout_complete(token=checkout.pk)
