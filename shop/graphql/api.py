"""The one GraphQL schema: every app's queries (and, later, mutations) composed here."""

import graphene

from .account.address_validation import AddressValidationQueries
from .account.schema import AccountMutations, AccountQueries
from .catalog.schema import CatalogQueries
from .catalog.types.assigned_attributes import ASSIGNED_TYPES
from .catalog.types.categories import CategoryTranslation, CollectionTranslation
from .catalog.types.products import ProductTranslation, ProductVariantTranslation
from .checkout.schema import CheckoutMutations, CheckoutQueries
from .menu.schema import MenuQueries
from .order.schema import OrderMutations, OrderQueries
from .page.schema import PageQueries
from .payment.schema import PAYMENT_TYPES, PaymentMutations, PaymentQueries
from .shipping.types import ShippingMethod
from .site.schema import SiteQueries
from .warehouse.types import Stock, Warehouse


class Query(
    AccountQueries, AddressValidationQueries, CatalogQueries, CheckoutQueries, MenuQueries, OrderQueries, PageQueries, PaymentQueries, SiteQueries,
    graphene.ObjectType
):
    pass


class Mutation(AccountMutations, CheckoutMutations, OrderMutations, PaymentMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(
    query=Query,
    mutation=Mutation,
    types=[
        Warehouse, Stock, ProductTranslation, ProductVariantTranslation, CategoryTranslation, CollectionTranslation,
        ShippingMethod, *ASSIGNED_TYPES, *PAYMENT_TYPES,
    ],
)
