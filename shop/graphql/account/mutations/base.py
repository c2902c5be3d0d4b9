"""What every account mutation shares: ``AccountError``, Saleor's deprecated
``accountErrors`` twin of ``errors``, the logged-in user and address lookups."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError

from shop.account import selectors
from shop.account.error_codes import AccountErrorCode
from shop.account.models import Address, User

from ...core.errors import InvalidID, PermissionDenied
from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation
from ..errors import AccountError


def require_user(info) -> User:
    """The logged-in, active user, or a top-level ``PermissionDenied``."""
    user = getattr(info.context, "user", None)
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied("You need one of the following permissions: AUTHENTICATED_USER")
    return user


def own_address(user: User, global_id: str, *, field: str = "id") -> Address:
    """One of ``user``'s addresses by global ID; anyone else's is NOT_FOUND, like a missing one."""
    try:
        pk = from_global_id_or_error(global_id, "Address")
    except InvalidID as error:
        raise ValidationError({field: ValidationError(error.message, code=AccountErrorCode.GRAPHQL_ERROR.value)})
    address = selectors.user_address_get(user=user, address_id=pk)
    if address is None:
        raise ValidationError(
            {field: ValidationError(f"Couldn't resolve id: {global_id}.", code=AccountErrorCode.NOT_FOUND.value)}
        )
    return address


class AccountBaseMutation(BaseMutation):
    """Subclasses set ``login_required = True`` when only a logged-in user may call them."""

    login_required = False

    account_errors = graphene.List(
        graphene.NonNull(AccountError), required=True, deprecation_reason="Use `errors` field instead."
    )

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, **options):
        options.setdefault("error_type_class", AccountError)
        super().__init_subclass_with_meta__(**options)

    @classmethod
    def check_permissions(cls, info) -> None:
        if cls.login_required:
            require_user(info)
        super().check_permissions(info)

    @staticmethod
    def resolve_account_errors(root, _info):
        return root.errors
