import graphene

from shop.payment.error_codes import PaymentGatewayInitializeErrorCode
from shop.payment.sessions import payment_gateways_initialize

from ...core.mutations import BaseMutation
from ..errors import PaymentGatewayConfigError, PaymentGatewayInitializeError
from ..scalars import PositiveDecimal
from ..types import PaymentGatewayConfig, PaymentGatewayToInitialize
from ..utils import source_from_id


class PaymentGatewayInitialize(BaseMutation):
    gateway_configs = graphene.List(
        graphene.NonNull(PaymentGatewayConfig), description="List of payment gateway configurations."
    )

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        amount = PositiveDecimal(
            description="The amount requested for initializing the payment gateway. If not provided, the difference "
            "between checkout.total - transactions that are already processed will be send."
        )
        payment_gateways = graphene.List(
            graphene.NonNull(PaymentGatewayToInitialize), description="List of payment gateways to initialize."
        )

    class Meta:
        description = (
            "Initializes payment gateways for a checkout or an order: each answers the data the storefront needs "
            "(Stripe: its publishable key). Without `paymentGateways`, every gateway offered is initialized."
        )
        error_type_class = PaymentGatewayInitializeError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, amount=None, payment_gateways=None):
        source = source_from_id(info, id, invalid_code=PaymentGatewayInitializeErrorCode.INVALID,
                                not_found_code=PaymentGatewayInitializeErrorCode.NOT_FOUND)
        requested = [(gateway["id"], gateway.get("data")) for gateway in payment_gateways or []]
        configs = payment_gateways_initialize(source=source, amount=amount, gateways=requested)
        return cls(gateway_configs=[
            PaymentGatewayConfig(id=c.id, data=c.data, errors=[PaymentGatewayConfigError(**e) for e in c.errors])
            for c in configs
        ])
