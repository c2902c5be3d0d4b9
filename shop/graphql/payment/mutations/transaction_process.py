import graphene

from shop.payment.error_codes import TransactionProcessErrorCode
from shop.payment.sessions import transaction_process

from ...core.mutations import BaseMutation
from ..errors import TransactionProcessError
from ..scalars import JSON
from ..types import TransactionEvent, TransactionItem
from ..utils import transaction_from_ids
from .transaction_initialize import clean_customer_ip_address


class TransactionProcess(BaseMutation):
    transaction = graphene.Field(TransactionItem, description="The processed transaction.")
    transaction_event = graphene.Field(TransactionEvent, description="The event created for the processed transaction.")
    data = graphene.Field(JSON, description="The json data required to finalize the payment.")

    class Arguments:
        id = graphene.ID(description="The ID of the transaction to process. One of field id or token is required.")
        token = graphene.UUID(description="The token of the transaction to process. One of field id or token is required.")
        data = graphene.Argument(JSON, description="The data that will be passed to the payment gateway.")
        customer_ip_address = graphene.String(
            description="The customer's IP address; taken from the request when not provided. The field can be used "
            "only by staff with `HANDLE_PAYMENTS` permission."
        )

    class Meta:
        description = (
            "Processes a transaction session after the customer acted (3-D Secure, a PromptPay scan): the gateway is "
            "asked for the payment's state. A session that already has its final answer returns it."
        )
        error_type_class = TransactionProcessError

    @classmethod
    def perform_mutation(cls, _root, info, *, id=None, token=None, data=None, customer_ip_address=None):
        transaction = transaction_from_ids(id=id, token=token, code_enum=TransactionProcessErrorCode)
        clean_customer_ip_address(info, customer_ip_address, code=TransactionProcessErrorCode.INVALID)
        outcome = transaction_process(transaction_id=transaction.pk, data=data)
        return cls(transaction=outcome.transaction, transaction_event=outcome.event, data=outcome.data)
