"""Users and addresses for account tests."""

from __future__ import annotations

import itertools

from shop.account.models import Address, User

PASSWORD = "Mudmee-silk-2026"
_seq = itertools.count(1)

# Valid Thai addresses (official names and postcodes).
BANGKOK_ADDRESS = {
    "firstName": "Somchai",
    "lastName": "Jaidee",
    "streetAddress1": "99/1 Soi Ruam Rudee, Phloen Chit Road",
    "city": "Pathum Wan",
    "cityArea": "Lumphini",
    "countryArea": "Bangkok",
    "postalCode": "10330",
    "country": "TH",
    "phone": "081 234 5678",
}
CHIANG_MAI_ADDRESS = {
    **BANGKOK_ADDRESS,
    "streetAddress1": "12 Ratchadamnoen Road",
    "city": "Mueang Chiang Mai",
    "cityArea": "Si Phum",
    "countryArea": "Chiang Mai",
    "postalCode": "50200",
}


def create_user(email: str | None = None, password: str = PASSWORD, **extra) -> User:
    email = email or f"shopper{next(_seq)}@example.com"
    extra.setdefault("first_name", "Malee")
    extra.setdefault("last_name", "Srisuk")
    return User.objects.create_user(email, password, **extra)


def create_staff(email: str | None = None, password: str = PASSWORD, permissions=(), **extra) -> User:
    from django.contrib.auth.models import Permission

    from shop.account.permissions import codename

    user = create_user(email or f"staff{next(_seq)}@example.com", password, is_staff=True, **extra)
    if permissions:
        user.user_permissions.set(Permission.objects.filter(codename__in=[codename(p) for p in permissions]))
    return user


def create_address(user: User | None = None, **fields) -> Address:
    """A saved Bangkok address in ``user``'s book (model field names override)."""
    values = {
        "first_name": "Somchai", "last_name": "Jaidee", "street_address_1": "99/1 Soi Ruam Rudee",
        "city": "Pathum Wan", "city_area": "Lumphini", "country_area": "Bangkok", "postal_code": "10330",
        "country": "TH", "phone": "+66812345678", **fields,
    }
    address = Address.objects.create(**values)
    if user is not None:
        user.addresses.add(address)
    return address
