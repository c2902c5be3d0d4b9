import uuid

import graphene

from shop.account.permissions import PermissionEnum, user_has_permissions
from shop.payment.models import TransactionItem as TransactionItemModel

from ..core.errors import PermissionDenied
from ..core.ids import from_global_id_or_error
from .mutations.payment_gateway_initialize import PaymentGatewayInitialize
from .mutations.transaction_initialize import TransactionInitialize
from .mutations.transaction_process import TransactionProcess
from .mutations.transaction_request_action import TransactionRequestAction
from .types import CardPaymentMethodDetails, OtherPaymentMethodDetails, TransactionItem

# Types reached only through an interface: the schema must be told about them.
PAYMENT_TYPES = [CardPaymentMethodDetails, OtherPaymentMethodDetails]


class PaymentQueries(graphene.ObjectType):
    transaction = graphene.Field(
        TransactionItem,
        id=graphene.ID(description="ID of a transaction. Either it or token is required."),
        token=graphene.UUID(description="Token of a transaction. Either it or ID is required."),
        description="Look up a transaction by ID or token. Requires one of the following permissions: HANDLE_PAYMENTS.",
    )

    @staticmethod
    def resolve_transaction(_root, info, id=None, token=None):
        if not user_has_permissions(info.context.user, [PermissionEnum.HANDLE_PAYMENTS]):
            raise PermissionDenied(f"You need one of the following permissions: {PermissionEnum.HANDLE_PAYMENTS}")
        if id is not None:
            token = from_global_id_or_error(id, "TransactionItem", pk_type=uuid.UUID)
        if token is None:
            return None
        return TransactionItemModel.objects.filter(token=token).first()


class PaymentMutations(graphene.ObjectType):
    payment_gateway_initialize = PaymentGatewayInitialize.Field()
    transaction_initialize = TransactionInitialize.Field()
    transaction_process = TransactionProcess.Field()
    transaction_request_action = TransactionRequestAction.Field()
