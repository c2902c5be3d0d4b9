from __future__ import annotations

import graphene

from ..core.types import CountryDisplay, ObjectWithMetadata


class WarehouseClickAndCollectOptionEnum(graphene.Enum):
    DISABLED = "disabled"
    LOCAL = "local"
    ALL = "all"


class Address(graphene.ObjectType):
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address1 = graphene.String(required=True)
    street_address2 = graphene.String(required=True)
    city = graphene.String(required=True, description="District (amphoe / khet) in Thailand.")
    city_area = graphene.String(required=True, description="Subdistrict (tambon / khwaeng) in Thailand.")
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True)
    country_area = graphene.String(required=True, description="Province in Thailand.")
    phone = graphene.String()
    is_default_shipping_address = graphene.Boolean(description="Address is user's default shipping address.")
    is_default_billing_address = graphene.Boolean(description="Address is user's default billing address.")

    class Meta:
        description = "Represents user address data."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_is_default_shipping_address(root, info):
        user = getattr(info.context, "user", None)
        return root.pk == user.default_shipping_address_id if user and user.is_authenticated else None

    @staticmethod
    def resolve_is_default_billing_address(root, info):
        user = getattr(info.context, "user", None)
        return root.pk == user.default_billing_address_id if user and user.is_authenticated else None

    @staticmethod
    def resolve_street_address1(root, _info):
        return root.street_address_1

    @staticmethod
    def resolve_street_address2(root, _info):
        return root.street_address_2

    @staticmethod
    def resolve_country(root, _info):
        return CountryDisplay(**CountryDisplay.for_code(root.country))


class Warehouse(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)
    address = graphene.Field(Address, required=True)
    company_name = graphene.String(required=True, deprecation_reason="Use `Address.companyName` instead.")
    click_and_collect_option = graphene.Field(WarehouseClickAndCollectOptionEnum, required=True)
    external_reference = graphene.String()

    class Meta:
        description = "Represents a warehouse: in this shop, the store of one producer group."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_company_name(root, _info):
        return root.address.company_name


class Stock(graphene.ObjectType):
    warehouse = graphene.Field(Warehouse, required=True)
    product_variant = graphene.Field("shop.graphql.catalog.types.products.ProductVariant", required=True)
    quantity = graphene.Int(required=True, description="Quantity of a product in the warehouse's possession.")
    quantity_allocated = graphene.Int(required=True, description="Quantity allocated for orders.")
    quantity_reserved = graphene.Int(required=True, description="Quantity reserved for checkouts.")

    class Meta:
        description = "Represents stock."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_quantity_reserved(root, _info):
        # Checkout reservations arrive with the checkout issue.
        return 0
