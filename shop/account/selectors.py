"""Account reads."""

from __future__ import annotations

from .models import Address, User


def user_address_get(*, user: User, address_id: int) -> Address | None:
    """One address of the user's book; None for a missing one or anyone else's."""
    return user.addresses.filter(pk=address_id).first()
