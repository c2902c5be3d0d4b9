"""Account queries (``me``) and mutations (login, registration, passwords, address book)."""

from __future__ import annotations

import graphene

from .mutations.account_address_create import AccountAddressCreate
from .mutations.account_address_delete import AccountAddressDelete
from .mutations.account_address_update import AccountAddressUpdate
from .mutations.account_confirm import ConfirmAccount
from .mutations.account_delete import AccountDelete
from .mutations.account_register import AccountRegister
from .mutations.account_request_deletion import AccountRequestDeletion
from .mutations.account_set_default_address import AccountSetDefaultAddress
from .mutations.account_update import AccountUpdate
from .mutations.password_change import PasswordChange
from .mutations.password_reset_request import RequestPasswordReset
from .mutations.password_set import SetPassword
from .mutations.token_create import CreateToken
from .mutations.token_refresh import RefreshToken
from .mutations.token_verify import VerifyToken
from .mutations.tokens_deactivate_all import DeactivateAllUserTokens
from .types import User


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="Return the currently authenticated user.")

    @staticmethod
    def resolve_me(_root, info):
        user = getattr(info.context, "user", None)
        return user if user is not None and user.is_authenticated else None


class AccountMutations(graphene.ObjectType):
    token_create = CreateToken.Field()
    token_refresh = RefreshToken.Field()
    token_verify = VerifyToken.Field()
    tokens_deactivate_all = DeactivateAllUserTokens.Field()
    request_password_reset = RequestPasswordReset.Field()
    confirm_account = ConfirmAccount.Field()
    set_password = SetPassword.Field()
    password_change = PasswordChange.Field()
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
    account_register = AccountRegister.Field()
    account_update = AccountUpdate.Field()
    account_request_deletion = AccountRequestDeletion.Field()
    account_delete = AccountDelete.Field()
