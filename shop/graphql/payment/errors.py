"""Error types of the payment mutations, with Saleor's names and codes."""

from shop.payment.error_codes import (
    PaymentGatewayConfigErrorCode,
    PaymentGatewayInitializeErrorCode,
    TransactionInitializeErrorCode,
    TransactionProcessErrorCode,
    TransactionRequestActionErrorCode,
)

from ..core.mutations import error_type

PaymentGatewayInitializeError = error_type("PaymentGatewayInitializeError", PaymentGatewayInitializeErrorCode)
PaymentGatewayConfigError = error_type(
    "PaymentGatewayConfigError", PaymentGatewayConfigErrorCode, "An error in one payment gateway's configuration."
)
TransactionInitializeError = error_type("TransactionInitializeError", TransactionInitializeErrorCode)
TransactionProcessError = error_type("TransactionProcessError", TransactionProcessErrorCode)
TransactionRequestActionError = error_type("TransactionRequestActionError", TransactionRequestActionErrorCode)
