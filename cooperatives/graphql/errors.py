import graphene

from cooperatives.error_codes import GroupOrderErrorCode, ProducerGroupErrorCode
from shop.graphql.core.mutations import error_type

GroupOrderError = error_type(
    "GroupOrderError", GroupOrderErrorCode,
    lines=graphene.List(graphene.NonNull(graphene.ID), description="Group order lines that cause the error."),
)
ProducerGroupError = error_type("ProducerGroupError", ProducerGroupErrorCode)
