"""Mutations with Saleor's payload shape: ``errors: [XxxError!]!`` plus the result fields.

A mutation validates input, checks permissions, calls one service inside
``transaction.atomic`` and maps the ``django.core.exceptions.ValidationError``
that services raise (``{field: ValidationError(message, code=..., params=...)}``)
to its own error type.  Permission failures are top-level ``PermissionDenied``.
"""

from __future__ import annotations

from enum import Enum

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from graphene.types.mutation import MutationOptions

from .context import request_cache
from .errors import PermissionDenied
from .ids import to_global

_error_types: dict[str, type] = {}

# Error params that services give as primary keys, shown to clients as global IDs.
GLOBAL_ID_PARAMS = {"variants": "ProductVariant", "lines": "CheckoutLine", "order_lines": "OrderLine"}


def error_type(name: str, code_enum: type[Enum], description: str = "", **extra_fields) -> type:
    """``<name> { field message code: <Code>! ...extra }`` (one graphene type per name)."""
    if name in _error_types:
        return _error_types[name]
    code = graphene.Enum.from_enum(code_enum)
    attrs = {
        "field": graphene.String(description="Name of a field that caused the error. A value of `null` indicates that the error isn't associated with a particular field."),
        "message": graphene.String(description="The error message."),
        "code": graphene.Field(code, required=True, description="The error code."),
        **extra_fields,
        "Meta": type("Meta", (), {"description": description or f"Represents errors in {name[:-5]} mutations."}),
    }
    _error_types[name] = type(name, (graphene.ObjectType,), attrs)
    _error_types[name]._code_enum = code_enum
    return _error_types[name]


def _camel(name: str) -> str:
    """``billing_address.first_name`` -> ``billingAddress.firstName`` (each dotted part on its own)."""
    if "." in name:
        return ".".join(_camel(part) for part in name.split("."))
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def errors_from_validation_error(error: ValidationError, code_enum: type[Enum]) -> list[dict]:
    """Flatten a ValidationError into error dicts with camelCase field names and enum codes."""
    items = []
    mapping = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
    for field, errors in mapping.items():
        for err in errors:
            code = err.code or "INVALID"
            try:
                enum_code = code_enum(code) if not isinstance(code, Enum) else code_enum(code.value)
            except ValueError:
                enum_code = code_enum("INVALID")
            params = dict(err.params or {})
            message = err.message % params if params and "%(" in str(err.message) else err.message
            item = {
                "field": None if field == NON_FIELD_ERRORS else _camel(field),
                "message": str(message),
                "code": enum_code,
            }
            for key, value in params.items():
                if key in GLOBAL_ID_PARAMS and value is not None:
                    value = [to_global(GLOBAL_ID_PARAMS[key], pk) for pk in value]
                item[key] = value
            items.append(item)
    return items


class BaseMutationOptions(MutationOptions):
    error_type_class = None
    permissions: tuple = ()


class BaseMutation(graphene.Mutation):
    """Subclass with ``class Meta: error_type_class = XxxError`` (and ``permissions``)."""

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, error_type_class=None, permissions=(), _meta=None, **options):
        _meta = _meta or BaseMutationOptions(cls)
        _meta.error_type_class = error_type_class
        _meta.permissions = tuple(permissions)
        if error_type_class is not None:
            cls.errors = graphene.List(graphene.NonNull(error_type_class), required=True, description="List of errors that occurred executing the mutation.")
        super().__init_subclass_with_meta__(_meta=_meta, **options)

    @classmethod
    def check_permissions(cls, info) -> None:
        """Staff permissions in Saleor's names; a user needs all of them."""
        if not cls._meta.permissions:
            return
        user = getattr(info.context, "user", None)
        if not (user and user.is_authenticated and user.is_active and user.is_staff):
            raise PermissionDenied()
        from shop.account.permissions import user_has_permissions

        if not request_cache(info, ("perm", cls._meta.permissions), lambda: user_has_permissions(user, cls._meta.permissions)):
            raise PermissionDenied(f"You need one of the following permissions: {', '.join(cls._meta.permissions)}")

    @classmethod
    def mutate(cls, root, info, **data):
        cls.check_permissions(info)
        try:
            with transaction.atomic():
                result = cls.perform_mutation(root, info, **data)
        except ValidationError as error:
            return cls.error_response(error)
        if getattr(result, "errors", None) is None:
            result.errors = []
        return result

    @classmethod
    def perform_mutation(cls, root, info, **data):  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def error_response(cls, error: ValidationError):
        error_type_class = cls._meta.error_type_class
        items = errors_from_validation_error(error, error_type_class._code_enum)
        allowed = set(error_type_class._meta.fields)
        errors = [error_type_class(**{k: v for k, v in item.items() if k in allowed}) for item in items]
        return cls(errors=errors)
