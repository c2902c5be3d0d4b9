from __future__ import annotations

from dataclasses import dataclass

import graphene
from prices import Money as PricesMoney

from shop.checkout import models
from shop.checkout.calculations import (
    checkout_charged_amount,
    checkout_covered_amount,
    payment_status,
)
from shop.checkout.delivery import checkout_pricing
from shop.checkout.error_codes import CheckoutErrorCode
from shop.checkout.selectors import (
    checkout_lines_get,
    lines_reserved,
    reservation_expires,
    variants_available,
)

from ..account.address_inputs import AddressTypeEnum
from ..core.batching import new_batch
from ..core.mutations import error_type
from ..core.types import LanguageCodeEnum, Money, ObjectWithMetadata, TaxedMoney
from ..payment.types import CheckoutTransactionFields
from ..warehouse.types import Address

CheckoutError = error_type(
    "CheckoutError",
    CheckoutErrorCode,
    variants=graphene.List(graphene.NonNull(graphene.ID), description="List of varint IDs which causes the error."),
    lines=graphene.List(graphene.NonNull(graphene.ID), description="List of line Ids which cause the error."),
    address_type=graphene.Field(AddressTypeEnum, description="A type of address that causes the error."),
)


class CheckoutChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class CheckoutAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


def pricing_of(checkout):
    """Prices and delivery options of a checkout, computed once per request."""
    if not hasattr(checkout, "_pricing"):
        checkout._pricing = checkout_pricing(checkout, checkout_lines(checkout))
    return checkout._pricing


def totals_of(checkout):
    return pricing_of(checkout).totals


def checkout_lines(checkout) -> list[models.CheckoutLine]:
    """The lines the mutation left on the checkout, or read now; their variants batch together."""
    lines = checkout_lines_get(checkout)
    if getattr(checkout, "_batched_lines", None) is not lines:
        new_batch([line.variant for line in lines], None, channel=checkout.channel)
        checkout._batched_lines = lines
    return lines


class CheckoutLineProblemInsufficientStock(graphene.ObjectType):
    available_quantity = graphene.Int()
    line = graphene.Field(lambda: CheckoutLine, required=True)
    variant = graphene.Field("shop.graphql.catalog.types.products.ProductVariant", required=True)


class CheckoutLineProblemVariantNotAvailable(graphene.ObjectType):
    line = graphene.Field(lambda: CheckoutLine, required=True)


class Delivery(graphene.ObjectType):
    id = graphene.ID(required=True, description="Delivery option ID.")
    shipping_method = graphene.Field("shop.graphql.shipping.types.ShippingMethod", description="Shipping method.")

    class Meta:
        description = "Represents a delivery option for the checkout."

    @staticmethod
    def resolve_id(root, _info):
        from ..core.ids import to_global

        return to_global("Delivery", root.id)

    @staticmethod
    def resolve_shipping_method(root, _info):
        # A method no longer offered (InvalidDelivery) has no price for this cart to show.
        return None if isinstance(root, InvalidDelivery) else root


@dataclass(frozen=True)
class InvalidDelivery:
    """The checkout's chosen shipping method when the cart can no longer use it."""

    id: int


class CheckoutProblemDeliveryMethodInvalid(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True, description="The delivery method that is invalid.")

    class Meta:
        description = "The chosen delivery method is not valid for the checkout any more (address, weight or channel changed)."


class CheckoutLineProblem(graphene.Union):
    class Meta:
        types = (CheckoutLineProblemInsufficientStock, CheckoutLineProblemVariantNotAvailable)


class CheckoutProblem(graphene.Union):
    class Meta:
        types = (
            CheckoutLineProblemInsufficientStock, CheckoutLineProblemVariantNotAvailable, CheckoutProblemDeliveryMethodInvalid,
        )


def line_problems(checkout) -> dict:
    """Problems of each line: unavailable variant or not enough stock (shown, not raised)."""
    if hasattr(checkout, "_problems"):
        return checkout._problems
    lines = checkout_lines(checkout)
    prices = {p.line.pk: p for p in totals_of(checkout).lines}
    available = variants_available(checkout, [line.variant_id for line in lines])
    reserved = None
    problems = {}
    for line in lines:
        if prices[line.pk].undiscounted_total.amount == 0:
            problems[line.pk] = [CheckoutLineProblemVariantNotAvailable(line=line)]
        elif line.variant.track_inventory:
            reserved = lines_reserved(checkout) if reserved is None else reserved
            units = available.get(line.variant_id, 0) + reserved.get(line.pk, 0)
            if units < line.quantity:
                problems[line.pk] = [
                    CheckoutLineProblemInsufficientStock(line=line, variant=line.variant, available_quantity=units)
                ]
    checkout._problems = problems
    return problems


class CheckoutLine(graphene.ObjectType):
    variant = graphene.Field("shop.graphql.catalog.types.products.ProductVariant", required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(Money, required=True)
    prior_unit_price = graphene.Field(Money)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(Money, required=True)
    requires_shipping = graphene.Boolean(required=True)
    problems = graphene.List(graphene.NonNull(CheckoutLineProblem))

    class Meta:
        description = "Represents an item in the checkout."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def _price(root):
        checkout = root.checkout
        prices = getattr(checkout, "_line_prices", None)
        if prices is None or prices[0] is not totals_of(checkout):
            totals = totals_of(checkout)
            prices = checkout._line_prices = (totals, {p.line.pk: p for p in totals.lines})
        return prices[1][root.pk]

    @staticmethod
    def resolve_unit_price(root, _info):
        return CheckoutLine._price(root).unit

    @staticmethod
    def resolve_undiscounted_unit_price(root, _info):
        return CheckoutLine._price(root).undiscounted_unit

    @staticmethod
    def resolve_prior_unit_price(root, _info):
        return CheckoutLine._price(root).prior_unit

    @staticmethod
    def resolve_total_price(root, _info):
        return CheckoutLine._price(root).total

    @staticmethod
    def resolve_undiscounted_total_price(root, _info):
        return CheckoutLine._price(root).undiscounted_total

    @staticmethod
    def resolve_requires_shipping(root, _info):
        return root.variant.product.product_type.is_shipping_required

    @staticmethod
    def resolve_problems(root, _info):
        return line_problems(root.checkout).get(root.pk, [])


class Checkout(CheckoutTransactionFields, graphene.ObjectType):  # transactions: shop.graphql.payment
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    last_change = graphene.DateTime(required=True)
    channel = graphene.Field("shop.graphql.channel.types.Channel", required=True)
    user = graphene.Field("shop.graphql.account.types.User", description="The customer the checkout belongs to.")
    billing_address = graphene.Field(Address)
    shipping_address = graphene.Field(Address)
    customer_note = graphene.String(required=True)
    discount = graphene.Field(Money)
    discount_name = graphene.String()
    voucher_code = graphene.String()
    email = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    stock_reservation_expires = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    shipping_methods = graphene.List(
        graphene.NonNull("shop.graphql.shipping.types.ShippingMethod"), required=True,
        description="Shipping methods that can be used with this checkout, priced for it.",
    )
    available_shipping_methods = graphene.List(
        graphene.NonNull("shop.graphql.shipping.types.ShippingMethod"), required=True,
        deprecation_reason="Use `shippingMethods` instead.",
    )
    shipping_method = graphene.Field(
        "shop.graphql.shipping.types.ShippingMethod", deprecation_reason="Use `delivery` instead."
    )
    delivery = graphene.Field(Delivery, description="The delivery method selected for this checkout.")
    shipping_price = graphene.Field(TaxedMoney, required=True)
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    tax_exemption = graphene.Boolean(required=True)
    token = graphene.UUID(required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    total_balance = graphene.Field(Money, required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True)
    display_gross_prices = graphene.Boolean(required=True)
    authorize_status = graphene.Field(CheckoutAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(CheckoutChargeStatusEnum, required=True)
    problems = graphene.List(graphene.NonNull(CheckoutProblem))

    class Meta:
        description = "Checkout object. Prices include Thai VAT."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_id(root, _info):
        return root.pk

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at

    @staticmethod
    def resolve_discount(root, _info):
        return totals_of(root).discount

    @staticmethod
    def resolve_discount_name(root, _info):
        voucher = totals_of(root).voucher
        return (voucher.name or voucher.code) if voucher else None

    @staticmethod
    def resolve_voucher_code(root, _info):
        voucher = totals_of(root).voucher
        return voucher.code if voucher else root.voucher_code

    @staticmethod
    def resolve_shipping_methods(root, _info):
        return pricing_of(root).options

    @staticmethod
    def resolve_available_shipping_methods(root, _info):
        return pricing_of(root).options

    @staticmethod
    def resolve_shipping_method(root, _info):
        return pricing_of(root).chosen

    @staticmethod
    def resolve_delivery(root, _info):
        return pricing_of(root).chosen

    @staticmethod
    def resolve_is_shipping_required(root, _info):
        return any(line.variant.product.product_type.is_shipping_required for line in checkout_lines(root))

    @staticmethod
    def resolve_quantity(root, _info):
        return sum(line.quantity for line in checkout_lines(root))

    @staticmethod
    def resolve_stock_reservation_expires(root, _info):
        return reservation_expires(root)

    @staticmethod
    def resolve_lines(root, _info):
        return checkout_lines(root)

    @staticmethod
    def resolve_shipping_price(root, _info):
        return totals_of(root).shipping

    @staticmethod
    def resolve_subtotal_price(root, _info):
        return totals_of(root).subtotal

    @staticmethod
    def resolve_tax_exemption(root, _info):
        return False

    @staticmethod
    def resolve_token(root, _info):
        return root.pk

    @staticmethod
    def resolve_total_price(root, _info):
        return totals_of(root).total

    @staticmethod
    def resolve_total_balance(root, _info):
        return PricesMoney(checkout_charged_amount(root), root.currency) - totals_of(root).total.gross

    @staticmethod
    def resolve_language_code(root, _info):
        return root.language_code.upper().replace("-", "_")

    @staticmethod
    def resolve_display_gross_prices(root, _info):
        return root.channel.display_gross_prices

    @staticmethod
    def resolve_authorize_status(root, _info):
        return payment_status(totals_of(root).total.gross.amount, checkout_covered_amount(root), authorize=True)

    @staticmethod
    def resolve_charge_status(root, _info):
        return payment_status(totals_of(root).total.gross.amount, checkout_charged_amount(root))

    @staticmethod
    def resolve_problems(root, _info):
        problems = [problem for items in line_problems(root).values() for problem in items]
        if root.shipping_method_id is not None and pricing_of(root).chosen is None:
            problems.append(CheckoutProblemDeliveryMethodInvalid(delivery=InvalidDelivery(id=root.shipping_method_id)))
        return problems


