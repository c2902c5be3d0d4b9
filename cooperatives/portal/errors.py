"""Service errors in plain words, in the reader's language.

The services raise ``ValidationError({field: ValidationError(message, code)})``
with English messages for the API; the portal shows its own translated text
for each (field, code), so a member reads Thai by default.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..error_codes import GroupOrderErrorCode as Code

logger = logging.getLogger(__name__)

BY_FIELD_AND_CODE = {
    ("carrier", Code.REQUIRED): _("Write the name of the delivery company."),
    ("trackingNumber", Code.REQUIRED): _("Write the tracking number."),
    ("lines", Code.REQUIRED): _("Write how many of each item are in the parcel."),
    ("reason", Code.REQUIRED): _("Choose why you cannot make it."),
    ("note", Code.REQUIRED): _("Write a short reason."),
    ("lines", Code.ALREADY_DECIDED): _("This item was already answered."),
    ("id", Code.INVALID_STATUS): _("This order cannot do that now. The page shows what it is at now."),
    ("status", Code.INVALID_STATUS): _("This order cannot move to that step now."),
}
BY_CODE = {
    Code.EXPIRED: _("The time to answer this order has passed. The office will pass it to another group."),
    Code.INVALID_STATUS: _("This order cannot do that now. The page shows what it is at now."),
    Code.ALREADY_DECIDED: _("This item was already answered."),
    Code.ALREADY_DECLINED: _("This item was already declined."),
    Code.NOT_FOUND: _("This item is not part of the order."),
    Code.INVALID: _("Choose one of the reasons."),
    Code.ZERO_QUANTITY: _("Numbers must be more than 0."),
    Code.QUANTITY_GREATER_THAN_ACCEPTED: _("You wrote more than is left to send. Check the numbers."),
    Code.LINE_NOT_ACCEPTED: _("Only accepted items can be sent."),
    Code.INSUFFICIENT_STOCK: _("The stock record does not have enough to send this. Please call the HomeNet office."),
}
FALLBACK = _("Something went wrong. Please try again, or call the HomeNet office.")


def service_error_messages(error: ValidationError, *, codes=Code, by_code=None, by_field_and_code=None,
                           params=None) -> list[str]:
    """One translated sentence per error of a service (duplicates dropped).

    Another app's portal passes its own code enum and tables; ``params(code, params)``
    gives the values a sentence with ``%(name)s`` placeholders is filled with.
    """
    by_code = BY_CODE if by_code is None else by_code
    by_field_and_code = BY_FIELD_AND_CODE if by_field_and_code is None else by_field_and_code
    texts: list[str] = []
    fields = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
    for field, errors in fields:
        for item in errors:
            try:
                code = codes(item.code)
            except ValueError:
                code = None
            text = by_field_and_code.get((field, code)) or by_code.get(code)
            if text is None:
                logger.warning("Portal has no text for service error %s/%s: %s", field, item.code, item.message)
                text = FALLBACK
            text = str(text)
            if params is not None and "%(" in text:
                try:
                    text = text % params(code, dict(item.params or {}))
                except (KeyError, ValueError, TypeError):
                    text = str(by_code.get(codes("INVALID"), FALLBACK))
            if text not in texts:
                texts.append(text)
    return texts
