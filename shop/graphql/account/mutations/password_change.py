from __future__ import annotations

import graphene
from django.contrib.auth import SESSION_KEY, update_session_auth_hash

from shop.account import services

from ..types import User
from .base import AccountBaseMutation, require_user


class PasswordChange(AccountBaseMutation):
    login_required = True
    user = graphene.Field(User, description="A user instance with a new password.")

    class Arguments:
        new_password = graphene.String(required=True, description="New user password.")
        old_password = graphene.String(description="Current user password.")

    class Meta:
        description = "Change the password of the logged in user. \n\nRequires one of the following permissions: AUTHENTICATED_USER."

    @classmethod
    def perform_mutation(cls, _root, info, *, new_password, old_password=None):
        user = services.password_change(
            user=require_user(info), old_password=old_password, new_password=new_password
        )
        session = getattr(info.context, "session", None)
        if session is not None and session.get(SESSION_KEY):
            update_session_auth_hash(info.context, user)  # a staff session login stays logged in
        return cls(user=user)
