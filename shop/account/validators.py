"""Input rules of the account flows that are domain rules, not GraphQL ones."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext as _

from shop.channel.models import Channel

from .error_codes import AccountErrorCode
from .models import User


def field_error(field: str, message: str, code: AccountErrorCode, **params) -> ValidationError:
    """``{field: ValidationError(message, code)}``: what BaseMutation maps to ``AccountError``."""
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def email_normalize(email: str) -> str:
    return (email or "").strip().lower()


def email_validate(email: str, *, field: str = "email") -> str:
    email = email_normalize(email)
    try:
        validate_email(email)
    except ValidationError:
        raise field_error(field, _("Enter a valid email address."), AccountErrorCode.INVALID)
    return email


def redirect_url_validate(url: str, *, field: str = "redirect_url") -> str:
    """An absolute http(s) URL on a host of ``ALLOWED_CLIENT_HOSTS``: e-mail links
    must never send people to a site an attacker chose (open redirect)."""
    try:
        parts = urlsplit(url or "")
        host, _port = split_domain_port(parts.netloc)
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise field_error(field, _("Invalid URL. Please check if URL is in RFC 1808 format."), AccountErrorCode.INVALID)
    if not validate_host(host, settings.ALLOWED_CLIENT_HOSTS):
        raise field_error(
            field, _("%(host)s is not allowed. Please check `ALLOWED_CLIENT_HOSTS` configuration.") % {"host": host},
            AccountErrorCode.INVALID,
        )
    return url


def channel_validate(slug: str | None, *, field: str = "channel") -> Channel | None:
    """The channel e-mails are sent for (Saleor's ``channel`` argument); default when not named."""
    if slug is None:
        return Channel.objects.filter(slug=settings.DEFAULT_CHANNEL_SLUG).first()
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None:
        raise field_error(
            field, _("Channel with '%(slug)s' slug does not exist.") % {"slug": slug}, AccountErrorCode.NOT_FOUND
        )
    if not channel.is_active:
        raise field_error(field, _("Channel with '%(slug)s' is inactive.") % {"slug": slug}, AccountErrorCode.CHANNEL_INACTIVE)
    return channel


def password_validate(password: str, *, user: User, field: str = "password") -> None:
    """Django's password validators; their codes become Saleor's (``password_too_short`` ->
    ``PASSWORD_TOO_SHORT``), other codes ``INVALID``."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        errors = []
        for item in error.error_list:
            code = (item.code or "invalid").upper()
            if code not in AccountErrorCode.__members__:
                code = AccountErrorCode.INVALID.value
            errors.append(ValidationError(item.message, code=code, params=item.params))
        raise ValidationError({field: errors})
