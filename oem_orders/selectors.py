"""Who may see and do what in OEM: permission predicates and scoped querysets.

* Staff with ``MANAGE_ORDERS`` see every client's requests, quotes and contracts.
* A client's API token, or a logged-in member of the client, sees that client's
  own (an inactive client: nothing).
* Everyone else (producer-group members, shoppers, anonymous) sees none of them;
  group members see their groups' allocations (``allocations_for_member``).

Objects outside a caller's scope are "not found", never "forbidden".  Reading
``request.oem_token`` checks the token: a bad one raises its coded error
(``oem_orders.auth``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from cooperatives.selectors import groups_of_member
from shop.account.permissions import PermissionEnum, user_has_permissions

from .actors import Actor
from .models import (
    Allocation,
    Contract,
    OemClient,
    OemClientMember,
    OemClientRole,
    Quote,
    QuoteRequest,
)

_CACHE = "_oem_client_of"


def is_oem_staff(user) -> bool:
    """Staff who run OEM work: ``MANAGE_ORDERS`` (Saleor has no OEM permission)."""
    return user_has_permissions(user, [PermissionEnum.MANAGE_ORDERS])


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated and user.is_active else None


def _token(request):
    """The request's API token (checked now: a bad one raises its coded error), or None."""
    token = getattr(request, "oem_token", None)
    if token is None:
        return None
    token.pk  # noqa: B018 (loads the lazy token, raising its error if it is bad)
    return token


def _membership(user) -> OemClientMember | None:
    if user is None:
        return None
    return OemClientMember.objects.select_related("client").filter(user=user).first()


def oem_client_of(request) -> OemClient | None:
    """The client the caller acts for: the API token's, or the logged-in user's membership's.
    None for anyone else and for an inactive client.  Cached on the request."""
    cached = getattr(request, _CACHE, None)
    if cached is not None:
        return cached[0]
    token = _token(request)
    if token is not None:
        client = token.client
    else:
        membership = _membership(_user(request))
        client = membership.client if membership is not None else None
    if client is not None and not client.is_active:
        client = None
    setattr(request, _CACHE, (client,))
    return client


def oem_actor(request) -> Actor:
    """Who acts, for audit rows: the API token, or the logged-in user."""
    token = _token(request)
    if token is not None:
        return Actor(token=token)
    return Actor(user=_user(request))


def can_manage_clients(request) -> bool:
    """Creating and changing clients: staff only."""
    return is_oem_staff(_user(request))


def _is_client_admin(request, client: OemClient) -> bool:
    if getattr(request, "oem_token", None) is not None:
        return False  # a machine does not manage access
    membership = _membership(_user(request))
    return (membership is not None and membership.client_id == client.pk and membership.client.is_active
            and membership.role == OemClientRole.ADMIN)


def can_manage_tokens(request, client: OemClient) -> bool:
    """Creating and revoking a client's API tokens: staff, or an admin member of that client
    (logged in as a user; an API token cannot make more tokens)."""
    return is_oem_staff(_user(request)) or _is_client_admin(request, client)


def can_manage_members(request, client: OemClient) -> bool:
    """Adding and removing a client's members: staff, or an admin member of that client."""
    return can_manage_tokens(request, client)


def _scoped(queryset: QuerySet, request) -> QuerySet:
    if getattr(request, "oem_token", None) is None and is_oem_staff(_user(request)):
        return queryset
    client = oem_client_of(request)
    if client is None:
        return queryset.none()
    return queryset.filter(client=client)


def quote_requests_for(request) -> QuerySet[QuoteRequest]:
    return _scoped(QuoteRequest.objects.all(), request)


def quotes_for(request) -> QuerySet[Quote]:
    return _scoped(Quote.objects.all(), request)


def contracts_for(request) -> QuerySet[Contract]:
    return _scoped(Contract.objects.all(), request)


def allocations_for_member(user) -> QuerySet[Allocation]:
    """The allocations of the producer groups ``user`` is a member of."""
    return Allocation.objects.filter(group__in=groups_of_member(user))
