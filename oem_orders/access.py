"""OEM clients, their members and their API tokens.

Services: the caller checks permissions (``oem_orders.selectors``) and wraps the
call in ``transaction.atomic``.  Bad input raises ``oem_error`` before anything is
written.

An API token is ``hnoem_`` + 43 URL-safe characters; it is shown once, when it is
created, and only its SHA-256 (hex) and last 4 characters are stored.  A token is
found by its hash, so checking one never compares secrets character by character.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from shop.account.addresses import address_create, address_update, validate_address

from .actors import SYSTEM, Actor
from .error_codes import OemErrorCode as Code
from .error_codes import oem_error
from .models import OemApiToken, OemClient, OemClientMember, OemClientRole

TOKEN_PREFIX = "hnoem_"
# secrets.token_urlsafe(32): 32 random bytes, 43 URL-safe characters.
TOKEN_LENGTH = len(TOKEN_PREFIX) + 43
TOKEN_MAX_DAYS = 730
# last_used_at is written at most this often per token.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)
THAILAND = "TH"
_DIGITS_13 = re.compile(r"^[0-9]{13}$")
_DIGITS_5 = re.compile(r"^[0-9]{5}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_UNSET = object()


class OemTokenError(Exception):
    """An API token that cannot be used: ``code`` is TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_REVOKED."""

    def __init__(self, message: str, code: Code):
        super().__init__(message)
        self.message = message
        self.code = code


# --- clients ---------------------------------------------------------------------------------


def thai_tax_id_valid(tax_id: str) -> bool:
    """13 digits whose last is the Revenue Department's check digit:
    ``(11 - sum(d_i * (13 - i) for the first 12) mod 11) mod 10``."""
    if not _DIGITS_13.match(tax_id or ""):
        return False
    total = sum(int(digit) * (13 - i) for i, digit in enumerate(tax_id[:12]))
    return (11 - total % 11) % 10 == int(tax_id[12])


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _clean_address(data, field: str) -> dict | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise oem_error(field, "Send the address's fields.", Code.INVALID)
    try:
        return validate_address(data)
    except ValidationError as error:
        raise ValidationError({f"{field}.{name}": errors for name, errors in error.error_dict.items()}) from None


def _clean_client(values: dict) -> dict:
    """Check a client's fields (all of them: a new client, or an existing one with the changes)."""
    cleaned = dict(values)
    cleaned["name"] = _text(values["name"])
    if not cleaned["name"]:
        raise oem_error("name", "Give the company's registered name.", Code.REQUIRED)
    if len(cleaned["name"]) > OemClient._meta.get_field("name").max_length:
        raise oem_error("name", "The name is too long (255 characters at most).", Code.INVALID)
    country = _text(values["country"]).upper()
    if not _COUNTRY.match(country):
        raise oem_error("country", "Give the country as a 2-letter code (TH).", Code.INVALID)
    cleaned["country"] = country
    tax_id = _text(values["tax_id"]).replace("-", "").replace(" ", "")
    branch = _text(values["branch_code"]) or "00000"
    if country == THAILAND:
        if not thai_tax_id_valid(tax_id):
            raise oem_error("tax_id", "A Thai tax id has 13 digits and a valid check digit.", Code.INVALID_TAX_ID)
        if not _DIGITS_5.match(branch):
            raise oem_error("branch_code", "A branch code has 5 digits (00000 for the head office).", Code.INVALID)
    elif len(tax_id) > 13 or len(branch) > 5:
        raise oem_error("tax_id", "A tax id has 13 characters at most, a branch 5.", Code.INVALID_TAX_ID)
    cleaned["tax_id"], cleaned["branch_code"] = tax_id, branch
    cleaned["contact_name"] = _text(values["contact_name"])
    if not cleaned["contact_name"]:
        raise oem_error("contact_name", "Give a contact person.", Code.REQUIRED)
    email = _text(values["contact_email"]).lower()
    if not email:
        raise oem_error("contact_email", "Give the contact's e-mail address.", Code.REQUIRED)
    try:
        validate_email(email)
    except ValidationError:
        raise oem_error("contact_email", "Enter a valid e-mail address.", Code.INVALID) from None
    cleaned["contact_email"] = email
    cleaned["contact_phone"] = _text(values["contact_phone"])
    if len(cleaned["contact_phone"]) > OemClient._meta.get_field("contact_phone").max_length:
        raise oem_error("contact_phone", "The phone number is too long.", Code.INVALID)
    cleaned["webhook_url"] = _clean_webhook_url(values["webhook_url"])
    return cleaned


def _clean_webhook_url(url) -> str:
    url = str(url or "").strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise oem_error("webhook_url", "Enter a valid URL.", Code.INVALID) from None
    if len(url) > OemClient._meta.get_field("webhook_url").max_length:
        raise oem_error("webhook_url", "The URL is too long (500 characters at most).", Code.INVALID)
    if not url.lower().startswith("https://") and not settings.DEBUG:
        raise oem_error("webhook_url", "Webhooks are sent over HTTPS only.", Code.INVALID)
    return url


def _webhook_secret() -> str:
    return secrets.token_hex(32)


def client_create(*, name, country="TH", tax_id="", branch_code="00000", billing_address: dict | None = None,
                  shipping_address: dict | None = None, contact_name, contact_email, contact_phone="",
                  webhook_url="", actor: Actor = SYSTEM) -> OemClient:
    """A new client company.  Thai clients need a valid 13-digit tax id (INVALID_TAX_ID) and a
    5-digit branch; addresses use the shop's address fields and checks; a webhook URL must
    be HTTPS (unless DEBUG).  A webhook secret is generated either way."""
    cleaned = _clean_client({
        "name": name, "country": country, "tax_id": tax_id, "branch_code": branch_code, "contact_name": contact_name,
        "contact_email": contact_email, "contact_phone": contact_phone, "webhook_url": webhook_url,
    })
    billing = _clean_address(billing_address, "billing_address")
    shipping = _clean_address(shipping_address, "shipping_address")
    return OemClient.objects.create(
        **cleaned,
        billing_address=address_create(data=billing) if billing else None,
        shipping_address=address_create(data=shipping) if shipping else None,
        webhook_secret=_webhook_secret(),
    )


def client_update(*, client: OemClient, actor: Actor = SYSTEM, name=_UNSET, country=_UNSET, tax_id=_UNSET,
                  branch_code=_UNSET, billing_address=_UNSET, shipping_address=_UNSET, contact_name=_UNSET,
                  contact_email=_UNSET, contact_phone=_UNSET, webhook_url=_UNSET, is_active=_UNSET,
                  webhook_secret_rotate: bool = False) -> OemClient:
    """Change the fields given (others keep their value); the whole client is checked again.
    ``webhook_secret_rotate`` gives the client a new webhook secret."""
    client = OemClient.objects.select_for_update().get(pk=client.pk)
    given = {
        "name": name, "country": country, "tax_id": tax_id, "branch_code": branch_code, "contact_name": contact_name,
        "contact_email": contact_email, "contact_phone": contact_phone, "webhook_url": webhook_url,
    }
    values = {key: getattr(client, key) if value is _UNSET else value for key, value in given.items()}
    cleaned = _clean_client(values)
    billing = None if billing_address is _UNSET else _clean_address(billing_address, "billing_address")
    shipping = None if shipping_address is _UNSET else _clean_address(shipping_address, "shipping_address")
    for key, value in cleaned.items():
        setattr(client, key, value)
    if is_active is not _UNSET:
        client.is_active = bool(is_active)
    for field, data in (("billing_address", billing), ("shipping_address", shipping)):
        if data is None:
            continue
        current = getattr(client, field)
        setattr(client, field, address_update(address=current, data=data) if current else address_create(data=data))
    if webhook_secret_rotate or (client.webhook_url and not client.webhook_secret):
        client.webhook_secret = _webhook_secret()
    client.save()
    return client


# --- members ---------------------------------------------------------------------------------


def member_add(*, client: OemClient, user, role: str = OemClientRole.MEMBER, actor: Actor = SYSTEM) -> OemClientMember:
    """Make ``user`` act for ``client``.  A user belongs to one client at most (INVALID otherwise)."""
    if role not in OemClientRole.values:
        raise oem_error("role", "The role is admin or member.", Code.INVALID)
    if user is None or not getattr(user, "pk", None) or not user.is_active:
        raise oem_error("user", "No such active user.", Code.NOT_FOUND)
    existing = OemClientMember.objects.filter(user=user).first()
    if existing is not None:
        message = ("This user is already a member of this client." if existing.client_id == client.pk
                   else "This user already acts for another client: a user belongs to one client at most.")
        raise oem_error("user", message, Code.INVALID)
    try:
        with transaction.atomic():
            return OemClientMember.objects.create(client=client, user=user, role=role)
    except IntegrityError:  # added by a concurrent request
        raise oem_error("user", "This user already acts for a client.", Code.INVALID) from None


def member_remove(*, client: OemClient, user, actor: Actor = SYSTEM) -> None:
    """``user`` no longer acts for ``client`` (NOT_FOUND when not a member of it)."""
    deleted, _ = OemClientMember.objects.filter(client=client, user_id=getattr(user, "pk", None)).delete()
    if not deleted:
        raise oem_error("user", "This user is not a member of this client.", Code.NOT_FOUND)


# --- API tokens ------------------------------------------------------------------------------


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _clean_expiry(expires_at, now: datetime) -> datetime:
    if expires_at is None:
        return now + timedelta(days=settings.OEM_TOKEN_DEFAULT_DAYS)
    if isinstance(expires_at, date) and not isinstance(expires_at, datetime):
        # A date: the token works until the end of that (local) day.
        expires_at = datetime.combine(expires_at + timedelta(days=1), datetime.min.time())
    if not isinstance(expires_at, datetime):
        raise oem_error("expires_at", "Give the expiry as a date and time.", Code.INVALID)
    if timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if expires_at <= now:
        raise oem_error("expires_at", "A token's expiry must be in the future.", Code.INVALID)
    if expires_at > now + timedelta(days=TOKEN_MAX_DAYS):
        raise oem_error("expires_at", "A token is valid for 2 years at most.", Code.INVALID,
                        max_days=TOKEN_MAX_DAYS)
    return expires_at


def token_create(*, client: OemClient, name: str, expires_at=None, actor: Actor = SYSTEM) -> tuple[OemApiToken, str]:
    """A new API token for ``client``: the row and the raw token, which is never shown again.

    Expires after ``OEM_TOKEN_DEFAULT_DAYS`` unless ``expires_at`` says otherwise
    (in the future, 2 years at most)."""
    name = _text(name)
    if not name:
        raise oem_error("name", "Name the token (what uses it).", Code.REQUIRED)
    if len(name) > OemApiToken._meta.get_field("name").max_length:
        raise oem_error("name", "The name is too long (100 characters at most).", Code.INVALID)
    if not client.is_active:
        raise oem_error("client", "This client is not active.", Code.INVALID_STATUS)
    now = timezone.now()
    expires_at = _clean_expiry(expires_at, now)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = OemApiToken.objects.create(
        client=client, name=name, key_hash=token_hash(raw), last4=raw[-4:], expires_at=expires_at,
        created_by=actor.user_or_none, created_at=now,
    )
    return token, raw


def token_revoke(*, token_id, client: OemClient | None = None, actor: Actor = SYSTEM) -> OemApiToken:
    """Revoke a token (of ``client`` when given: another client's token is NOT_FOUND).
    A token already revoked is INVALID_STATUS."""
    tokens = OemApiToken.objects.select_for_update()
    if client is not None:
        tokens = tokens.filter(client=client)
    try:
        token = tokens.get(pk=token_id)
    except (OemApiToken.DoesNotExist, ValidationError, ValueError):
        raise oem_error("id", "No such token.", Code.NOT_FOUND) from None
    if token.revoked_at is not None:
        raise oem_error("id", "This token is already revoked.", Code.INVALID_STATUS)
    token.revoked_at = timezone.now()
    token.revoked_by = actor.user_or_none
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_authenticate(raw: str) -> OemApiToken:
    """The token (with its client) for a raw ``hnoem_`` token, or ``OemTokenError``.

    Marks the token used (``last_used_at``) at most once a minute.  Whether the client
    is active is the selectors' question (``oem_client_of``), not the token's."""
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) != TOKEN_LENGTH:
        raise OemTokenError("Invalid API token.", Code.TOKEN_INVALID)
    digest = token_hash(raw)
    token = OemApiToken.objects.select_related("client").filter(key_hash=digest).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        raise OemTokenError("Invalid API token.", Code.TOKEN_INVALID)
    now = timezone.now()
    if token.revoked_at is not None:
        raise OemTokenError("This API token was revoked.", Code.TOKEN_REVOKED)
    if token.expires_at <= now:
        raise OemTokenError("This API token has expired.", Code.TOKEN_EXPIRED)
    if token.last_used_at is None or token.last_used_at <= now - TOKEN_USE_RESOLUTION:
        OemApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOKEN_USE_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
