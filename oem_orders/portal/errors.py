"""OEM service errors in plain words, in the reader's language (like ``cooperatives.portal.errors``).

The services raise ``ValidationError`` with an ``OemErrorCode`` and English text for
the API; the portal shows its own translated sentence per code, with the numbers
the error carries (the smallest / largest advance or quantity) where it has them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cooperatives.portal.errors import service_error_messages as cooperative_messages
from cooperatives.portal.formatting import money_text

from ..error_codes import OemErrorCode as Code

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
MONEY_PARAMS = ("minimum", "maximum")


def _params(code: Code | None, params: dict) -> dict:
    if code in (Code.ADVANCE_TOO_SMALL, Code.ADVANCE_TOO_LARGE):
        return {key: money_text(params[key]) for key in MONEY_PARAMS if key in params}
    return params


def service_error_messages(error: ValidationError) -> list[str]:
    """One translated sentence per error of an OEM service (duplicates dropped)."""
    return cooperative_messages(error, codes=Code, by_code=BY_CODE, by_field_and_code=BY_FIELD_AND_CODE,
                                params=_params)
