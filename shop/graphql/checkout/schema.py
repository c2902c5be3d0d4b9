import uuid

import graphene

from shop.checkout.models import Checkout as CheckoutModel

from ..core.ids import from_global_id_or_error
from .mutations.checkout_address_update import (
    CheckoutBillingAddressUpdate,
    CheckoutShippingAddressUpdate,
)
from .mutations.checkout_complete import CheckoutComplete
from .mutations.checkout_create import CheckoutCreate
from .mutations.checkout_customer import CheckoutCustomerAttach, CheckoutCustomerDetach
from .mutations.checkout_delivery_method_update import CheckoutDeliveryMethodUpdate
from .mutations.checkout_email_update import CheckoutEmailUpdate
from .mutations.checkout_lines_add import CheckoutLinesAdd
from .mutations.checkout_lines_delete import CheckoutLinesDelete
from .mutations.checkout_lines_update import CheckoutLinesUpdate
from .mutations.checkout_promo_code import CheckoutAddPromoCode, CheckoutRemovePromoCode
from .mutations.delivery_options_calculate import DeliveryOptionsCalculate
from .types import Checkout
from .utils import can_access


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        id=graphene.ID(description="The checkout's ID."),
        token=graphene.UUID(deprecation_reason="Use `id` instead.", description="The checkout's token."),
        description="Look up a checkout by id; null when it does not exist or belongs to someone else.",
    )

    @staticmethod
    def resolve_checkout(_root, info, id=None, token=None):
        if id is not None:
            token = from_global_id_or_error(id, "Checkout", pk_type=uuid.UUID)
        if token is None:
            return None
        checkout = CheckoutModel.objects.select_related("channel").filter(pk=token).first()
        return checkout if checkout is not None and can_access(info, checkout) else None


class CheckoutMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = CheckoutBillingAddressUpdate.Field()
    checkout_customer_attach = CheckoutCustomerAttach.Field()
    checkout_customer_detach = CheckoutCustomerDetach.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    delivery_options_calculate = DeliveryOptionsCalculate.Field()
    checkout_add_promo_code = CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = CheckoutRemovePromoCode.Field()
    checkout_complete = CheckoutComplete.Field()
