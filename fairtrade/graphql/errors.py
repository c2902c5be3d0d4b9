"""The error type every fair-trade mutation answers with: ``FairTradeError { field message code }``.

Codes come from ``fairtrade.error_codes.FairTradeErrorCode`` (one enum for the
whole app, so a client handles BELOW_FAIR_WAGE_FLOOR the same way wherever it
appears).
"""

from fairtrade.error_codes import FairTradeErrorCode
from shop.graphql.core.mutations import error_type

FairTradeError = error_type(
    "FairTradeError", FairTradeErrorCode, description="Represents errors in fair-trade mutations.",
)
