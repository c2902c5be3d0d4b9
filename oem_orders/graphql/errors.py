"""The error type every OEM mutation answers with: ``OemError { field message code }``, and the
helpers that find an object in the caller's scope (another client's object is "not found").

Codes come from ``oem_orders.error_codes.OemErrorCode`` (one enum for the app).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError

from oem_orders.error_codes import OemErrorCode as Code
from oem_orders.error_codes import oem_error
from shop.graphql.core.ids import from_global_id_or_error
from shop.graphql.core.mutations import error_type

OemError = error_type("OemError", Code, description="Represents errors in OEM mutations.")


def not_found(field: str, what: str) -> ValidationError:
    return oem_error(field, f"Couldn't resolve to {what}.", Code.NOT_FOUND)


def pk_of(global_id, type_name: str, *, pk_type=uuid.UUID):
    return from_global_id_or_error(global_id, type_name, pk_type=pk_type)


def in_scope(queryset, global_id, type_name: str, field: str, what: str, *, pk_type=uuid.UUID):
    """The object of ``queryset`` (the caller's scope) with this global id, or NOT_FOUND on ``field``."""
    found = queryset.filter(pk=pk_of(global_id, type_name, pk_type=pk_type)).first()
    if found is None:
        raise not_found(field, what)
    return found
