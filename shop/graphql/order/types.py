from __future__ import annotations

import graphene
from prices import Money as PricesMoney
from prices import TaxedMoney as PricesTaxedMoney

from shop.order import models
from shop.order.selectors import order_lines_get

from ..core.contract_enums import ORDEREVENTSENUM_VALUES
from ..core.types import (
    Image,
    LanguageCodeEnum,
    Money,
    ObjectWithMetadata,
    TaxedMoney,
    ThumbnailFormatEnum,
    Weight,
)
from ..payment.types import OrderPaymentFields

OrderStatusEnum = graphene.Enum("OrderStatus", [(c.name, c.value) for c in models.OrderStatus])
OrderChargeStatusEnum = graphene.Enum("OrderChargeStatusEnum", [(c.name, c.value) for c in models.OrderChargeStatus])
OrderAuthorizeStatusEnum = graphene.Enum(
    "OrderAuthorizeStatusEnum", [(c.name, c.value) for c in models.OrderAuthorizeStatus]
)


def taxed(gross, net, currency) -> PricesTaxedMoney:
    return PricesTaxedMoney(net=PricesMoney(net, currency), gross=PricesMoney(gross, currency))


OrderEventsEnum = graphene.Enum("OrderEventsEnum", [(v, v) for v in ORDEREVENTSENUM_VALUES])


class OrderEvent(graphene.ObjectType):
    date = graphene.DateTime()
    type = graphene.Field(OrderEventsEnum, description="Order event type.")
    message = graphene.String()
    email = graphene.String()
    amount = graphene.Float()
    quantity = graphene.Int()
    order_number = graphene.String()

    class Meta:
        description = "History log of the order."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_message(root, _info):
        return root.parameters.get("message")

    @staticmethod
    def resolve_order_number(root, _info):
        return str(root.order.number)


class OrderLine(graphene.ObjectType):
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    product_variant_id = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    tax_rate = graphene.Float(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(TaxedMoney, required=True)
    unit_discount = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(TaxedMoney, required=True)
    variant = graphene.Field("shop.graphql.catalog.types.products.ProductVariant")
    translated_product_name = graphene.String(required=True)
    translated_variant_name = graphene.String(required=True)
    quantity_to_fulfill = graphene.Int(required=True)
    thumbnail = graphene.Field(Image, size=graphene.Int(), format=graphene.Argument(ThumbnailFormatEnum, default_value="original"))

    class Meta:
        description = "Represents order line of particular order; prices are frozen when the order is placed."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_product_variant_id(root, _info):
        from ..core.ids import to_global

        return to_global("ProductVariant", root.variant_id) if root.variant_id else None

    @staticmethod
    def resolve_tax_rate(root, _info):
        return float(root.tax_rate)

    @staticmethod
    def resolve_unit_price(root, _info):
        return taxed(root.unit_price_gross_amount, root.unit_price_net_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_unit_price(root, _info):
        from shop.core.taxes import taxed_from_gross

        return taxed_from_gross(PricesMoney(root.undiscounted_unit_price_gross_amount, root.currency), root.tax_rate * 100)

    @staticmethod
    def resolve_unit_discount(root, _info):
        return PricesMoney(root.undiscounted_unit_price_gross_amount - root.unit_price_gross_amount, root.currency)

    @staticmethod
    def resolve_total_price(root, _info):
        return taxed(root.total_price_gross_amount, root.total_price_net_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_total_price(root, _info):
        from shop.core.taxes import taxed_from_gross

        return taxed_from_gross(PricesMoney(root.undiscounted_total_price_gross_amount, root.currency), root.tax_rate * 100)

    @staticmethod
    def resolve_translated_product_name(root, _info):
        return root.translated_product_name or root.product_name

    @staticmethod
    def resolve_translated_variant_name(root, _info):
        return root.translated_variant_name or root.variant_name

    @staticmethod
    def resolve_quantity_to_fulfill(root, _info):
        return root.quantity - root.quantity_fulfilled

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        if root.variant is None:
            return None
        from ..catalog.types.products import Product

        return Product.resolve_thumbnail(root.variant.product, info, size=size, format=format)


FulfillmentStatusEnum = graphene.Enum("FulfillmentStatus", [(c.name, c.value) for c in models.FulfillmentStatus])


class FulfillmentLine(graphene.ObjectType):
    quantity = graphene.Int(required=True)
    order_line = graphene.Field(OrderLine)

    class Meta:
        description = "Represents line of the fulfillment."
        interfaces = (graphene.relay.Node,)


class Fulfillment(graphene.ObjectType):
    fulfillment_order = graphene.Int(required=True)
    status = graphene.Field(FulfillmentStatusEnum, required=True)
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(FulfillmentLine))
    status_display = graphene.String()
    warehouse = graphene.Field("shop.graphql.warehouse.types.Warehouse", description="Warehouse from which the fulfillment was sent.")

    class Meta:
        description = "Represents order fulfillment: a parcel with its tracking number."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_status(root, _info):
        return str(root.status)

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at

    @staticmethod
    def resolve_lines(root, _info):
        return list(root.lines.select_related("order_line"))

    @staticmethod
    def resolve_status_display(root, _info):
        return root.get_status_display()

    @staticmethod
    def resolve_warehouse(root, _info):
        line = root.lines.select_related("stock__warehouse__address").first()
        return line.stock.warehouse if line and line.stock else None


class Order(OrderPaymentFields, graphene.ObjectType):  # transactions, totals: shop.graphql.payment
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(OrderStatusEnum, required=True)
    user = graphene.Field("shop.graphql.account.types.User", description="The customer who placed the order.")
    billing_address = graphene.Field("shop.graphql.warehouse.types.Address")
    shipping_address = graphene.Field("shop.graphql.warehouse.types.Address")
    shipping_method_name = graphene.String()
    channel = graphene.Field("shop.graphql.channel.types.Channel", required=True)
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    number = graphene.String(required=True)
    is_paid = graphene.Boolean(required=True)
    authorize_status = graphene.Field(OrderAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(OrderChargeStatusEnum, required=True)
    total = graphene.Field(TaxedMoney, required=True)
    undiscounted_total = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    shipping_tax_rate = graphene.Float(required=True)
    subtotal = graphene.Field(TaxedMoney, required=True)
    voucher_code = graphene.String()
    customer_note = graphene.String(required=True)
    weight = graphene.Field(Weight, required=True)
    redirect_url = graphene.String()
    status_display = graphene.String(required=True)
    total_charged = graphene.Field(Money, required=True)
    total_authorized = graphene.Field(Money, required=True)
    total_balance = graphene.Field(Money, required=True)
    user_email = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    language_code_enum = graphene.Field(LanguageCodeEnum, required=True)
    display_gross_prices = graphene.Boolean(required=True)
    checkout_id = graphene.ID()
    events = graphene.List(graphene.NonNull(OrderEvent), required=True, description="List of events associated with the order.")
    fulfillments = graphene.List(graphene.NonNull(Fulfillment), required=True, description="List of shipments for the order.")

    class Meta:
        description = "Represents an order in the shop."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at

    # Fresh instances hold TextChoices members; the GraphQL enums want their plain values.
    @staticmethod
    def resolve_status(root, _info):
        return str(root.status)

    @staticmethod
    def resolve_charge_status(root, _info):
        return str(root.charge_status)

    @staticmethod
    def resolve_authorize_status(root, _info):
        return str(root.authorize_status)

    @staticmethod
    def resolve_lines(root, _info):
        return order_lines_get(root)

    @staticmethod
    def resolve_number(root, _info):
        return str(root.number)

    @staticmethod
    def resolve_is_paid(root, _info):
        return root.charge_status in (models.OrderChargeStatus.FULL, models.OrderChargeStatus.OVERCHARGED)

    @staticmethod
    def resolve_total(root, _info):
        return taxed(root.total_gross_amount, root.total_net_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_total(root, _info):
        from shop.core.taxes import taxed_from_gross

        rate = root.lines.values_list("tax_rate", flat=True).first() or 0
        return taxed_from_gross(PricesMoney(root.undiscounted_total_gross_amount, root.currency), rate * 100)

    @staticmethod
    def resolve_shipping_price(root, _info):
        return taxed(root.shipping_price_gross_amount, root.shipping_price_net_amount, root.currency)

    @staticmethod
    def resolve_shipping_tax_rate(root, _info):
        gross, net = root.shipping_price_gross_amount, root.shipping_price_net_amount
        return float(round((gross - net) / net, 4)) if net else 0.0

    @staticmethod
    def resolve_subtotal(root, _info):
        return taxed(root.subtotal_gross_amount, root.subtotal_net_amount, root.currency)

    @staticmethod
    def resolve_weight(root, _info):
        return Weight.from_grams(root.weight_grams)

    @staticmethod
    def resolve_status_display(root, _info):
        return root.get_status_display()

    @staticmethod
    def resolve_total_charged(root, _info):
        return PricesMoney(root.total_charged_amount, root.currency)

    @staticmethod
    def resolve_total_authorized(root, _info):
        return PricesMoney(root.total_authorized_amount, root.currency)

    @staticmethod
    def resolve_total_balance(root, _info):
        return PricesMoney(root.total_charged_amount - root.total_gross_amount, root.currency)

    @staticmethod
    def resolve_is_shipping_required(root, _info):
        return root.lines.filter(is_shipping_required=True).exists()

    @staticmethod
    def resolve_language_code_enum(root, _info):
        return root.language_code.upper().replace("-", "_")

    @staticmethod
    def resolve_display_gross_prices(root, _info):
        return root.channel.display_gross_prices

    @staticmethod
    def resolve_checkout_id(root, _info):
        from ..core.ids import to_global

        return to_global("Checkout", root.checkout_token) if root.checkout_token else None

    @staticmethod
    def resolve_fulfillments(root, _info):
        return list(root.fulfillments.all())

    @staticmethod
    def resolve_events(root, _info):
        return list(root.events.select_related("order"))
