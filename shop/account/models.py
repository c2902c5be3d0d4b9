"""Accounts: users log in with their e-mail address; addresses follow Saleor's fields.

Thai addresses map as countryArea = province, city = district (amphoe / khet),
cityArea = subdistrict (tambon / khwaeng), postalCode = 5-digit postcode.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import get_random_string

from shop.core.models import ModelWithMetadata

from .permissions import PERMISSION_DESCRIPTIONS


class Address(ModelWithMetadata):
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    company_name = models.CharField(max_length=256, blank=True)
    street_address_1 = models.CharField(max_length=256, blank=True)
    street_address_2 = models.CharField(max_length=256, blank=True)
    city = models.CharField(max_length=256, blank=True)
    city_area = models.CharField(max_length=128, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="TH")
    country_area = models.CharField(max_length=128, blank=True)
    phone = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self):
        return ", ".join(
            part for part in (self.company_name or self.full_name, self.street_address_1,
                              self.city_area, self.city, self.country_area, self.postal_code) if part
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def new_jwt_token_key() -> str:
    return get_random_string(12)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_active=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin, ModelWithMetadata):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_confirmed = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    language_code = models.CharField(max_length=35, default="th")
    addresses = models.ManyToManyField(Address, blank=True, related_name="user_addresses")
    default_shipping_address = models.ForeignKey(
        Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    default_billing_address = models.ForeignKey(
        Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    date_joined = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Every JWT of the user carries this key; a new key invalidates them all
    # (tokensDeactivateAll, password reset).
    jwt_token_key = models.CharField(max_length=12, default=new_jwt_token_key)
    # When the last password reset e-mail went out: repeated requests within
    # PASSWORD_RESET_REQUEST_INTERVAL send nothing more.
    last_password_reset_request = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    objects = UserManager()

    class Meta:
        ordering = ("email",)
        permissions = [(code.lower(), text) for code, text in PERMISSION_DESCRIPTIONS.items()]

    def __str__(self):
        return self.email
