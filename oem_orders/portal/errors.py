"""OEM service errors in plain words, in the reader's language (like ``cooperatives.portal.errors``).

The services raise ``ValidationError`` with an ``OemErrorCode`` and English text for
the API; the portal shows its own translated sentence per code, with the numbers
the error carries (the smallest / largest advance or quantity) where it has them.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cooperatives.portal.formatting import money_text

from ..error_codes import OemErrorCode as Code

logger = logging.getLogger(__name__)

BY_FIELD_AND_CODE = {
    ("reason", Code.REQUIRED): _("Write why your group cannot make it."),
    ("amount", Code.INVALID): _("Write the amount of the advance in baht."),
    ("quantity_done", Code.INVALID_QUANTITY): _("Write a number from %(minimum)s to %(maximum)s."),
}
BY_CODE = {
    Code.INVALID_STATUS: _("This work cannot do that now. The page shows where it is at now."),
    Code.NOT_FOUND: _("This work was not found. Please call the HomeNet office."),
    Code.SAMPLE_NOT_APPROVED: _("The client has not approved the sample yet. Please wait for the office's message."),
    Code.INVALID_QUANTITY: _("Write a number from %(minimum)s to %(maximum)s."),
    Code.ADVANCE_TOO_SMALL: _("An advance is at least half of the work's value: %(minimum)s."),
    Code.ADVANCE_TOO_LARGE: _("An advance cannot be more than the work's value: %(maximum)s."),
    Code.ALREADY_ADVANCED: _("Your group already received an advance for this work."),
    Code.REQUIRED: _("Please fill in what is missing."),
    Code.INVALID: _("Please check what you wrote and try again."),
}
FALLBACK = _("Something went wrong. Please try again, or call the HomeNet office.")
MONEY_PARAMS = ("minimum", "maximum")


def _code(value) -> Code | None:
    try:
        return Code(value)
    except ValueError:
        return None


def _params(code: Code | None, params: dict) -> dict:
    if code in (Code.ADVANCE_TOO_SMALL, Code.ADVANCE_TOO_LARGE):
        return {key: money_text(params[key]) for key in MONEY_PARAMS if key in params}
    return params


def service_error_messages(error: ValidationError) -> list[str]:
    """One translated sentence per error of a service (duplicates dropped)."""
    texts: list[str] = []
    fields = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
    for field, errors in fields:
        for item in errors:
            code = _code(item.code)
            text = BY_FIELD_AND_CODE.get((field, code)) or BY_CODE.get(code)
            if text is None:
                logger.warning("OEM portal has no text for service error %s/%s: %s", field, item.code, item.message)
                text = FALLBACK
            try:
                text = str(text) % _params(code, dict(item.params or {})) if "%(" in str(text) else str(text)
            except (KeyError, ValueError, TypeError):
                text = str(BY_CODE.get(Code.INVALID))
            if text not in texts:
                texts.append(text)
    return texts
