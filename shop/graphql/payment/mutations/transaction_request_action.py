import graphene
from django.core.exceptions import ValidationError

from shop.account.permissions import PermissionEnum
from shop.page.models import Page
from shop.payment.actions import transaction_action_request
from shop.payment.error_codes import TransactionRequestActionErrorCode as Code
from shop.payment.models import TransactionAction

from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation
from ..errors import TransactionRequestActionError
from ..scalars import PositiveDecimal
from ..types import TransactionActionEnum, TransactionItem
from ..utils import transaction_from_ids


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=Code.INVALID.value)})


def clean_reason(*, action_type, reason, reference_id):
    """Reasons belong to refunds only; a reference names a Page."""
    if action_type != TransactionAction.REFUND and (reason or reference_id):
        errors = {}
        if reason:
            errors["refund_reason"] = ValidationError("Reason can be set only for REFUND action.", code=Code.INVALID.value)
        if reference_id:
            errors["refund_reason_reference"] = ValidationError(
                "Reason reference can be set only for REFUND action.", code=Code.INVALID.value)
        raise ValidationError(errors)
    if not reference_id:
        return None
    try:
        page = Page.objects.filter(pk=from_global_id_or_error(reference_id, "Page")).first()
    except Exception:
        page = None
    if page is None:
        raise _invalid("refund_reason_reference", "Invalid reason reference.")
    return page


class TransactionRequestAction(BaseMutation):
    transaction = graphene.Field(TransactionItem)

    class Arguments:
        id = graphene.ID(description="The ID of the transaction. One of field id or token is required.")
        token = graphene.UUID(description="The token of the transaction. One of field id or token is required.")
        action_type = graphene.Argument(TransactionActionEnum, required=True, description="Determines the action type.")
        amount = PositiveDecimal(description="Transaction request amount. If empty, maximal possible amount will be used.")
        refund_reason = graphene.String(description="Reason of the refund.")
        refund_reason_reference = graphene.ID(description="ID of a `Page` (Model) to reference in reason.")

    class Meta:
        description = (
            "Request an action for payment transaction: REFUND what was charged, CHARGE or CANCEL what was "
            "authorized. The gateway is asked at once; its answer is recorded as events."
        )
        error_type_class = TransactionRequestActionError
        permissions = (PermissionEnum.HANDLE_PAYMENTS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, action_type, id=None, token=None, amount=None, refund_reason=None,
                         refund_reason_reference=None):
        reference = clean_reason(action_type=action_type, reason=refund_reason, reference_id=refund_reason_reference)
        transaction = transaction_from_ids(id=id, token=token, code_enum=Code)
        transaction = transaction_action_request(
            transaction_id=transaction.pk, action=action_type, amount=amount, user=info.context.user,
            reason=refund_reason or "", reason_reference=reference,
        )
        return cls(transaction=transaction)
