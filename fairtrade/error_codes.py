"""Error codes of the fair-trade services (GraphQL enums are built from these)."""

from enum import Enum


class FairTradeErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    BELOW_FAIR_WAGE_FLOOR = "BELOW_FAIR_WAGE_FLOOR"
    NO_MINIMUM_WAGE = "NO_MINIMUM_WAGE"
    OVERLAPPING_TERMS = "OVERLAPPING_TERMS"
    NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT"
    PREMIUM_OUT_OF_RANGE = "PREMIUM_OUT_OF_RANGE"
    DUPLICATE_POSTING = "DUPLICATE_POSTING"
    UNBALANCED = "UNBALANCED"
    INVALID_STATUS = "INVALID_STATUS"
    ALREADY_PAID = "ALREADY_PAID"
    EMPTY_STATEMENT = "EMPTY_STATEMENT"
    NOTHING_TO_PAY = "NOTHING_TO_PAY"
    DEDUCTION_NOT_ALLOWED = "DEDUCTION_NOT_ALLOWED"
    DEDUCTION_OVER_CAP = "DEDUCTION_OVER_CAP"
    CONSENT_REQUIRED = "CONSENT_REQUIRED"
    ADVANCE_TOO_SMALL = "ADVANCE_TOO_SMALL"
    ADVANCE_TOO_LARGE = "ADVANCE_TOO_LARGE"
    ALREADY_ADVANCED = "ALREADY_ADVANCED"
    REFUND_TOO_LARGE = "REFUND_TOO_LARGE"
    NOT_SOLD = "NOT_SOLD"
    DEDUCTION_TOO_LARGE = "DEDUCTION_TOO_LARGE"
    NO_PAYOUT_DETAILS = "NO_PAYOUT_DETAILS"


def fair_trade_error(field: str | None, message: str, code: FairTradeErrorCode, **params):
    """A ValidationError carrying one of the codes above (and optional params, e.g. a shortfall)."""
    from django.core.exceptions import ValidationError

    error = ValidationError(message, code=code.value, params=params or None)
    return ValidationError({field: error}) if field else error
