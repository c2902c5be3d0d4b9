"""The one GraphQL schema: every app's queries (and, later, mutations) composed here."""

from importlib import import_module

import graphene
from django.conf import settings

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

# Downstream apps' schema modules (see shop.graphql.core.extensions); imported before the
# schema is built so that they can extend shop's types.
EXTENSIONS = [import_module(path) for path in settings.GRAPHQL_SCHEMA_EXTENSIONS]


class Query(
    AccountQueries, AddressValidationQueries, CatalogQueries, CheckoutQueries, MenuQueries, OrderQueries, PageQueries, PaymentQueries, SiteQueries,
    *[ext.QUERIES for ext in EXTENSIONS if getattr(ext, "QUERIES", None)],
    graphene.ObjectType
):
    pass


class Mutation(
    AccountMutations, CheckoutMutations, OrderMutations, PaymentMutations,
    *[ext.MUTATIONS for ext in EXTENSIONS if getattr(ext, "MUTATIONS", None)],
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(
    query=Query,
    mutation=Mutation,
    types=[
        Warehouse, Stock, ProductTranslation, ProductVariantTranslation, CategoryTranslation, CollectionTranslation,
        ShippingMethod, *ASSIGNED_TYPES, *PAYMENT_TYPES, *[t for ext in EXTENSIONS for t in getattr(ext, "TYPES", ())],
    ],
)
