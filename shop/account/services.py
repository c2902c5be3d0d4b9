"""Account writes: logins and tokens, registration, passwords, profile, address book, deletion.

Every function raises ``django.core.exceptions.ValidationError`` as
``{field: ValidationError(message, code=<AccountErrorCode value>)}`` for bad
input, and writes nothing when it does.  E-mails leave through Celery tasks
queued with ``transaction.on_commit``: no mail for a rolled-back change.

Answers never tell whether an e-mail address has an account: logins fail with
the same error and count towards the same delay, registration of a taken
address and a password reset for an unknown one answer as for any other.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import addresses, tasks
from .addresses import AddressType
from .error_codes import AccountErrorCode
from .login_attempts import login_delayed_until, login_failure_record, login_success_record
from .models import Address, User, new_jwt_token_key
from .tokens import (
    REFRESH,
    TokenError,
    TokenPair,
    access_token_create,
    account_confirmation_token,
    account_deletion_token,
    password_reset_token,
    token_pair_create,
    user_from_token,
)
from .validators import (
    channel_validate,
    email_normalize,
    email_validate,
    field_error,
    password_validate,
    redirect_url_validate,
)

# --- Logins and tokens --------------------------------------------------------


def _token_error(field: str, error: TokenError):
    return field_error(field, error.message, error.code)


def token_create(
    *, email: str, password: str, ip: str | None, audience: str | None = None, now: datetime.datetime | None = None
) -> tuple[User, TokenPair]:
    """Log in: check the password (unless logins for this e-mail or IP are delayed) and
    issue an access token, a refresh token and the refresh token's CSRF token.

    Side effects: counts a failure towards the brute-force delay, or clears the
    e-mail's count and sets ``last_login`` on success.
    """
    email = email_normalize(email)
    until = login_delayed_until(email=email, ip=ip, now=now)
    if until is not None:
        raise field_error(
            "email",
            _("Logging in has been suspended until %(until)s due to too many failed attempts.")
            % {"until": until.isoformat(timespec="seconds")},
            AccountErrorCode.LOGIN_ATTEMPT_DELAYED,
        )
    user = User.objects.filter(email=email).first()
    if user is None:
        User().set_password(password)  # the same hashing time as a real check
    if user is None or not user.check_password(password):
        login_failure_record(email=email, ip=ip, now=now)
        raise field_error("email", _("Please, enter valid credentials"), AccountErrorCode.INVALID_CREDENTIALS)
    login_success_record(email=email)
    if not user.is_confirmed and settings.ACCOUNT_CONFIRMATION_REQUIRED:
        raise field_error("email", _("Account needs to be confirmed via email."), AccountErrorCode.ACCOUNT_NOT_CONFIRMED)
    if not user.is_active:
        raise field_error("email", _("Account inactive."), AccountErrorCode.INACTIVE)
    user.last_login = now or timezone.now()
    user.save(update_fields=["last_login"])
    return user, token_pair_create(user=user, audience=audience, now=now)


def token_refresh(
    *, refresh_token: str | None, csrf_token: str | None = None, from_cookie: bool = False,
    now: datetime.datetime | None = None,
) -> tuple[User, str]:
    """A new access token for a valid refresh token.  A refresh token read from the
    cookie needs the CSRF token it was issued with (another site can make the
    browser send the cookie, but cannot read the CSRF token)."""
    if not refresh_token:
        raise field_error("refresh_token", _("Missing refreshToken"), AccountErrorCode.JWT_MISSING_TOKEN)
    try:
        payload, user = user_from_token(refresh_token, token_type=REFRESH, now=now)
    except TokenError as error:
        raise _token_error("refresh_token", error)
    if from_cookie and (not csrf_token or csrf_token != payload.get("csrf_token")):
        raise field_error("csrf_token", _("Invalid csrf token"), AccountErrorCode.JWT_INVALID_CSRF_TOKEN)
    audience = str(payload.get("aud", "")).removeprefix("custom:") or None
    return user, access_token_create(user=user, audience=audience, now=now)


def token_verify(*, token: str, now: datetime.datetime | None = None) -> tuple[dict, User]:
    """The payload and user of a valid access token."""
    try:
        return user_from_token(token, now=now)
    except TokenError as error:
        raise _token_error("token", error)


def user_tokens_deactivate(*, user: User) -> None:
    """Invalidate every JWT of the user (all devices) by giving them a new key."""
    user.jwt_token_key = new_jwt_token_key()
    user.save(update_fields=["jwt_token_key", "updated_at"])


# --- Registration and passwords -----------------------------------------------


@dataclass(frozen=True)
class Registration:
    user: User  # unsaved copy of the input: the answer is the same for a taken address
    requires_confirmation: bool


def _on_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.delay(*args))


def account_register(
    *, email: str, password: str, first_name: str = "", last_name: str = "", language_code: str | None = None,
    redirect_url: str | None = None, channel_slug: str | None = None, metadata: dict | None = None,
) -> Registration:
    """Create a customer.  With ``ACCOUNT_CONFIRMATION_REQUIRED`` the account stays
    inactive and unconfirmed until ``account_confirm``; a confirmation e-mail is sent.

    A taken address writes and sends nothing but answers the same, so registration
    cannot be used to find out who has an account.
    """
    requires_confirmation = settings.ACCOUNT_CONFIRMATION_REQUIRED
    email = email_validate(email)
    if redirect_url:
        redirect_url_validate(redirect_url)
    elif requires_confirmation:
        raise field_error("redirect_url", _("This field is required."), AccountErrorCode.REQUIRED)
    channel_validate(channel_slug)
    user = User(
        email=email, first_name=first_name or "", last_name=last_name or "",
        language_code=language_code or settings.LANGUAGE_CODE, metadata=metadata or {},
        is_active=not requires_confirmation, is_confirmed=not requires_confirmation,
    )
    password_validate(password, user=user)
    user.set_password(password)
    answer = Registration(
        user=User(email=email, first_name=user.first_name, last_name=user.last_name, language_code=user.language_code),
        requires_confirmation=requires_confirmation,
    )
    try:
        with transaction.atomic():  # a savepoint: a parallel registration of the address wins
            user.save()
    except IntegrityError:
        return answer
    if requires_confirmation:
        _on_commit(tasks.send_account_confirmation_email_task, user.pk, redirect_url)
    return answer


def _user_by_token(email: str, token: str, generator) -> User:
    """The user whose e-mail link this is; an unknown address gets the same error as a bad token."""
    user = User.objects.filter(email=email_normalize(email)).first()
    if user is None or not generator.check_token(user, token or ""):
        raise field_error("token", _("Invalid or expired token."), AccountErrorCode.INVALID)
    return user


def account_confirm(*, email: str, token: str) -> User:
    """Activate an account from the link of the confirmation e-mail (one use)."""
    user = _user_by_token(email, token, account_confirmation_token)
    user.is_confirmed = True
    user.is_active = True
    user.save(update_fields=["is_confirmed", "is_active", "updated_at"])
    return user


def password_reset_request(
    *, email: str, redirect_url: str, channel_slug: str | None = None, now: datetime.datetime | None = None
) -> None:
    """Send a password reset link, if the address has an account that may log in.

    Answers the same for unknown addresses.  A second request within
    ``PASSWORD_RESET_REQUEST_INTERVAL_SECONDS`` sends nothing (mail bombing).
    Accounts deactivated by staff get nothing; unconfirmed ones do (setting a
    password from the link proves the address).
    """
    redirect_url_validate(redirect_url)
    channel_validate(channel_slug)
    now = now or timezone.now()
    user = User.objects.select_for_update().filter(email=email_normalize(email)).first()
    if user is None or (not user.is_active and user.is_confirmed):
        return
    interval = datetime.timedelta(seconds=settings.PASSWORD_RESET_REQUEST_INTERVAL_SECONDS)
    if user.last_password_reset_request and now - user.last_password_reset_request < interval:
        return
    user.last_password_reset_request = now
    user.save(update_fields=["last_password_reset_request"])
    _on_commit(tasks.send_password_reset_email_task, user.pk, redirect_url)


def password_set(*, email: str, token: str, password: str) -> tuple[User, TokenPair]:
    """Set a new password from the reset link and log in.  Every other JWT of the
    user stops working (whoever knew the old password is logged out); an
    unconfirmed account becomes confirmed."""
    user = _user_by_token(email, token, password_reset_token)
    password_validate(password, user=user)
    user.set_password(password)
    user.jwt_token_key = new_jwt_token_key()
    if not user.is_confirmed:
        user.is_confirmed = True
        user.is_active = True
    user.last_login = timezone.now()
    user.save()
    return user, token_pair_create(user=user)


def password_change(*, user: User, old_password: str | None, new_password: str) -> User:
    """Change the password of a logged-in user who knows the current one."""
    if user.has_usable_password():
        if not old_password:
            raise field_error("old_password", _("This field is required."), AccountErrorCode.REQUIRED)
        if not user.check_password(old_password):
            raise field_error("old_password", _("Old password isn't valid."), AccountErrorCode.INVALID_PASSWORD)
    password_validate(new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    return user


# --- Profile and address book -------------------------------------------------


def account_update(*, user: User, data: dict) -> User:
    """Update names, language, metadata and default addresses of a user.

    ``data`` holds model field names; ``default_billing_address`` /
    ``default_shipping_address`` hold cleaned address data.  A default address
    is changed in place unless it is also the default of the other kind, which
    keeps its own data (a new address is added then).
    """
    fields = []
    for name in ("first_name", "last_name", "language_code"):
        if name in data:
            setattr(user, name, data[name] or "")
            fields.append(name)
    if data.get("metadata") is not None:
        user.metadata = {**user.metadata, **data["metadata"]}
        fields.append("metadata")
    for address_type in (AddressType.BILLING, AddressType.SHIPPING):
        address_data = data.get(f"default_{address_type}_address")
        if address_data is not None:
            _default_address_replace(user=user, address_type=address_type, data=address_data)
            fields.append(f"default_{address_type}_address")
    if fields:
        user.save(update_fields=[*fields, "updated_at"])
    return user


def _default_address_replace(*, user: User, address_type: str, data: dict) -> None:
    current = getattr(user, f"default_{address_type}_address")
    other_type = AddressType.SHIPPING if address_type == AddressType.BILLING else AddressType.BILLING
    other = getattr(user, f"default_{other_type}_address_id")
    if current is not None and current.pk != other:
        addresses.address_update(address=current, data=data)
        return
    address = addresses.address_create(data=data)
    user.addresses.add(address)
    setattr(user, f"default_{address_type}_address", address)


def user_address_create(*, user: User, data: dict, address_type: str | None = None) -> Address:
    """Add a cleaned address to the user's book; with a type it becomes that default."""
    address = addresses.address_create(data=data)
    user.addresses.add(address)
    if address_type:
        user_default_address_set(user=user, address=address, address_type=address_type)
    return address


def user_address_update(*, user: User, address: Address, data: dict) -> Address:
    """Overwrite one of the user's addresses with cleaned data (caller checked ownership)."""
    _require_own_address(user, address)
    return addresses.address_update(address=address, data=data)


def user_address_delete(*, user: User, address: Address) -> None:
    """Remove one of the user's addresses; a default that pointed to it becomes empty."""
    _require_own_address(user, address)
    pk = address.pk
    address.delete()  # the user's default FKs are set to NULL by the delete
    address.pk = pk  # kept for the answer, as Saleor returns the deleted address
    for address_type in (AddressType.BILLING, AddressType.SHIPPING):
        if getattr(user, f"default_{address_type}_address_id") == pk:
            setattr(user, f"default_{address_type}_address", None)


def user_default_address_set(*, user: User, address: Address, address_type: str) -> User:
    _require_own_address(user, address)
    setattr(user, f"default_{AddressType(address_type)}_address", address)
    user.save(update_fields=[f"default_{AddressType(address_type)}_address", "updated_at"])
    return user


def _require_own_address(user: User, address: Address) -> None:
    # Defence in depth: the GraphQL layer looks addresses up in the user's book only.
    if not user.addresses.filter(pk=address.pk).exists():
        raise field_error("id", _("Couldn't resolve address."), AccountErrorCode.NOT_FOUND)


# --- Deletion -----------------------------------------------------------------


def account_deletion_request(*, user: User, redirect_url: str, channel_slug: str | None = None) -> None:
    """E-mail the logged-in user a link that confirms deleting the account."""
    redirect_url_validate(redirect_url)
    channel_validate(channel_slug)
    _on_commit(tasks.send_account_deletion_email_task, user.pk, redirect_url)


def account_delete(*, user: User, token: str) -> User:
    """Delete the account and its address book, given the token of the deletion e-mail.

    Staff accounts are not deleted this way (an administrator removes them).
    Returns the deleted user as it was (its ``pk`` kept for the answer).
    """
    if not account_deletion_token.check_token(user, token or ""):
        raise field_error("token", _("Invalid or expired token."), AccountErrorCode.INVALID)
    if user.is_superuser:
        raise field_error("id", _("Cannot delete a superuser account."), AccountErrorCode.DELETE_SUPERUSER_ACCOUNT)
    if user.is_staff:
        raise field_error("id", _("Cannot delete a staff account."), AccountErrorCode.DELETE_STAFF_ACCOUNT)
    pk = user.pk
    Address.objects.filter(user_addresses=user).delete()
    user.delete()
    user.pk = pk
    return user
