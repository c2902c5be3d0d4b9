"""Clients (Thai tax ids), members (one client per user), API tokens and who sees what."""

import hashlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from oem_orders import access, selectors
from oem_orders.actors import Actor
from oem_orders.error_codes import OemErrorCode as Code
from oem_orders.models import Allocation, OemApiToken, OemClient, OemClientMember, OemClientRole
from shop.account.models import Address
from shop.account.permissions import PermissionEnum
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member
from tests.factories.oem import (
    create_client_member,
    create_contract,
    create_oem_client,
    create_quote,
    create_quote_request,
    thai_tax_id,
)

from .conftest import atomic

pytestmark = pytest.mark.django_db

GOOD_TAX_ID = thai_tax_id("010556300012")
BANGKOK = {
    "first_name": "Somchai", "last_name": "Jaidee", "company_name": "Brand Co., Ltd.",
    "street_address_1": "99/1 Soi Ruam Rudee", "city": "Pathum Wan", "city_area": "Lumphini",
    "country_area": "Bangkok", "postal_code": "10330", "country": "TH", "phone": "+66812345678",
}


def code_of(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


def counts():
    return (OemClient.objects.count(), OemClientMember.objects.count(), OemApiToken.objects.count(),
            Address.objects.count())


def refused(code: Code, fn, **kwargs):
    """Calling ``fn`` fails with ``code`` and writes nothing."""
    before = counts()
    with pytest.raises(ValidationError) as caught:
        atomic(fn, **kwargs)
    assert code_of(caught.value) == code.value, caught.value
    assert counts() == before
    return caught.value


def client_values(**overrides):
    values = {
        "name": "Siam Tote Co., Ltd.", "tax_id": GOOD_TAX_ID, "billing_address": BANGKOK,
        "contact_name": "Khun Ploy", "contact_email": "Ploy@SiamTote.example.com",
        "webhook_url": "https://siamtote.example.com/hooks/homenet", "actor": Actor(user=create_staff()),
    }
    values.update(overrides)
    return values


def request_for(user=None, token=None):
    request = SimpleNamespace(user=user or AnonymousUser())
    if token is not None:
        request.oem_token = token
    return request


# --- clients -----------------------------------------------------------------------------------


def test_the_revenue_department_check_digit():
    good = thai_tax_id("310010000123")
    bad = good[:12] + str((int(good[12]) + 1) % 10)

    assert access.thai_tax_id_valid(good)
    assert not access.thai_tax_id_valid(bad)
    assert not access.thai_tax_id_valid(good[:12])
    assert not access.thai_tax_id_valid("abcdefghijklm")


def test_a_thai_client_is_created_with_its_address_and_a_webhook_secret():
    client = atomic(access.client_create, **client_values())

    assert (client.tax_id, client.branch_code, client.country) == (GOOD_TAX_ID, "00000", "TH")
    assert client.contact_email == "ploy@siamtote.example.com"
    assert client.billing_address.postal_code == "10330" and client.shipping_address is None
    assert len(client.webhook_secret) == 64 and client.is_active


def test_a_tax_id_with_a_wrong_check_digit_is_refused_and_nothing_is_written():
    bad = GOOD_TAX_ID[:12] + str((int(GOOD_TAX_ID[12]) + 1) % 10)

    refused(Code.INVALID_TAX_ID, access.client_create, **client_values(tax_id=bad))
    refused(Code.INVALID_TAX_ID, access.client_create, **client_values(tax_id="12345"))
    refused(Code.INVALID_TAX_ID, access.client_create, **client_values(tax_id=""))


def test_a_foreign_client_needs_no_thai_tax_id():
    client = atomic(access.client_create, **client_values(country="jp", tax_id="", billing_address=None))

    assert (client.country, client.tax_id) == ("JP", "")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"branch_code": "0001"}, Code.INVALID),
        ({"name": "  "}, Code.REQUIRED),
        ({"contact_email": "not-an-email"}, Code.INVALID),
        ({"contact_name": ""}, Code.REQUIRED),
        ({"webhook_url": "http://siamtote.example.com/hooks"}, Code.INVALID),
        ({"webhook_url": "not a url"}, Code.INVALID),
        ({"country": "Thailand"}, Code.INVALID),
    ],
)
def test_bad_client_fields_are_refused_and_nothing_is_written(overrides, code):
    refused(code, access.client_create, **client_values(**overrides))


def test_a_bad_address_is_refused_on_its_field_and_nothing_is_written():
    error = refused(Code.REQUIRED, access.client_create, **client_values(billing_address={**BANGKOK, "city": ""}))

    assert "billing_address.city" in error.error_dict


def test_plain_http_webhooks_are_allowed_in_debug(settings):
    settings.DEBUG = True

    client = atomic(access.client_create, **client_values(webhook_url="http://localhost:8001/hooks"))

    assert client.webhook_url == "http://localhost:8001/hooks"


def test_a_client_update_changes_only_what_is_given_and_checks_again():
    client = atomic(access.client_create, **client_values())
    secret = client.webhook_secret

    atomic(access.client_update, client=client, contact_phone="02 123 4567", shipping_address=BANGKOK,
           actor=Actor())
    client.refresh_from_db()
    assert (client.contact_phone, client.name, client.webhook_secret) == ("02 123 4567", "Siam Tote Co., Ltd.", secret)
    assert client.shipping_address.city == "Pathum Wan"

    refused(Code.INVALID_TAX_ID, access.client_update, client=client, tax_id="0105563000000", actor=Actor())
    client.refresh_from_db()
    assert client.tax_id == GOOD_TAX_ID

    atomic(access.client_update, client=client, webhook_secret_rotate=True, actor=Actor())
    client.refresh_from_db()
    assert client.webhook_secret != secret and len(client.webhook_secret) == 64


# --- members -----------------------------------------------------------------------------------


def test_a_user_belongs_to_one_client_at_most():
    first, second, user = create_oem_client(), create_oem_client(), create_user()

    member = atomic(access.member_add, client=first, user=user, role=OemClientRole.ADMIN, actor=Actor())

    assert (member.client, member.role) == (first, OemClientRole.ADMIN)
    refused(Code.INVALID, access.member_add, client=second, user=user, role=OemClientRole.MEMBER, actor=Actor())
    refused(Code.INVALID, access.member_add, client=first, user=user, role=OemClientRole.MEMBER, actor=Actor())
    refused(Code.INVALID, access.member_add, client=second, user=create_user(), role="owner", actor=Actor())


def test_removing_a_member_and_a_user_who_is_not_one():
    client = create_oem_client()
    user = create_client_member(client)

    atomic(access.member_remove, client=client, user=user, actor=Actor())

    assert not OemClientMember.objects.filter(user=user).exists()
    refused(Code.NOT_FOUND, access.member_remove, client=client, user=user, actor=Actor())


# --- tokens ------------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_only_its_hash_and_last_4_are_stored():
    client, staff = create_oem_client(), create_staff()

    token, raw = atomic(access.token_create, client=client, name="ERP integration", actor=Actor(user=staff))

    assert raw.startswith("hnoem_") and len(raw) == len("hnoem_") + 43
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest() and token.last4 == raw[-4:]
    stored = OemApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(value) for value in stored.values()}
    assert token.created_by == staff
    expected = timezone.now() + timedelta(days=90)
    assert abs(token.expires_at - expected) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("name", "expires_in", "code"),
    [
        ("", None, Code.REQUIRED),
        ("ERP", timedelta(seconds=-1), Code.INVALID),
        ("ERP", timedelta(days=731), Code.INVALID),
        ("x" * 101, None, Code.INVALID),
    ],
)
def test_bad_tokens_are_refused_and_nothing_is_written(name, expires_in, code):
    expires_at = None if expires_in is None else timezone.now() + expires_in

    refused(code, access.token_create, client=create_oem_client(), name=name, expires_at=expires_at, actor=Actor())


def test_an_inactive_client_gets_no_token():
    refused(Code.INVALID_STATUS, access.token_create, client=create_oem_client(is_active=False), name="ERP",
            actor=Actor())


def test_a_valid_token_authenticates_and_is_marked_used_once_a_minute():
    client = create_oem_client()
    token, raw = atomic(access.token_create, client=client, name="ERP", actor=Actor())

    found = access.token_authenticate(raw)
    first_use = OemApiToken.objects.get(pk=token.pk).last_used_at
    access.token_authenticate(raw)

    assert (found.pk, found.client) == (token.pk, client)
    assert first_use is not None
    assert OemApiToken.objects.get(pk=token.pk).last_used_at == first_use
    OemApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    access.token_authenticate(raw)
    assert OemApiToken.objects.get(pk=token.pk).last_used_at > first_use


def _token_error(raw) -> str:
    with pytest.raises(access.OemTokenError) as caught:
        access.token_authenticate(raw)
    return caught.value.code.value


def test_expired_revoked_and_unknown_tokens_are_refused():
    client = create_oem_client()
    expired, expired_raw = atomic(access.token_create, client=client, name="Old", actor=Actor())
    OemApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    revoked, revoked_raw = atomic(access.token_create, client=client, name="Leaked", actor=Actor())
    atomic(access.token_revoke, token_id=revoked.pk, actor=Actor())

    assert _token_error(expired_raw) == "TOKEN_EXPIRED"
    assert _token_error(revoked_raw) == "TOKEN_REVOKED"
    assert _token_error("hnoem_" + "A" * 43) == "TOKEN_INVALID"
    assert _token_error("hnoem_short") == "TOKEN_INVALID"
    assert not OemApiToken.objects.filter(last_used_at__isnull=False).exists()


def test_revoking_twice_and_another_clients_token_are_refused():
    client, other = create_oem_client(), create_oem_client()
    token, _ = atomic(access.token_create, client=client, name="ERP", actor=Actor())
    staff = create_staff()

    refused(Code.NOT_FOUND, access.token_revoke, token_id=token.pk, client=other, actor=Actor())
    refused(Code.NOT_FOUND, access.token_revoke, token_id="not-a-uuid", actor=Actor())
    revoked = atomic(access.token_revoke, token_id=token.pk, client=client, actor=Actor(user=staff))
    assert revoked.revoked_at is not None and revoked.revoked_by == staff

    refused(Code.INVALID_STATUS, access.token_revoke, token_id=token.pk, actor=Actor())


# --- who sees what -----------------------------------------------------------------------------


def test_who_may_manage_a_clients_tokens():
    client, other = create_oem_client(), create_oem_client()
    admin = create_client_member(client, role=OemClientRole.ADMIN)
    member = create_client_member(client)
    token, _ = atomic(access.token_create, client=client, name="ERP", actor=Actor())

    assert selectors.can_manage_tokens(request_for(create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])), client)
    assert selectors.can_manage_tokens(request_for(admin), client)
    assert not selectors.can_manage_tokens(request_for(admin), other)
    assert not selectors.can_manage_tokens(request_for(member), client)
    assert not selectors.can_manage_tokens(request_for(create_staff()), client)
    assert not selectors.can_manage_tokens(request_for(token=token), client)


def test_scoped_querysets(channel, groups, variant):
    client, other = create_oem_client(), create_oem_client()
    mine = create_contract(client, variant)
    theirs = create_contract(other, variant)
    open_request = create_quote_request(client, variant)
    quote = create_quote(open_request, variant)
    token, _ = atomic(access.token_create, client=client, name="ERP", actor=Actor())
    staff = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])
    group_member = create_member(groups[0])

    by_token, by_member = request_for(token=token), request_for(create_client_member(client))
    assert set(selectors.contracts_for(by_token)) == {mine} == set(selectors.contracts_for(by_member))
    assert set(selectors.contracts_for(request_for(staff))) == {mine, theirs}
    assert quote in selectors.quotes_for(by_token) and open_request in selectors.quote_requests_for(by_member)
    assert not selectors.quotes_for(request_for(create_client_member(other))).filter(pk=quote.pk).exists()
    for nobody in (request_for(group_member), request_for(create_user()), request_for(), request_for(create_staff())):
        assert not selectors.contracts_for(nobody).exists()
        assert not selectors.quotes_for(nobody).exists()
        assert not selectors.quote_requests_for(nobody).exists()
    assert selectors.oem_client_of(by_token) == client
    assert selectors.oem_actor(by_token).token == token
    assert selectors.oem_actor(request_for(staff)).user == staff


def test_an_inactive_client_sees_nothing(variant):
    client = create_oem_client()
    create_contract(client, variant)
    user = create_client_member(client)
    client.is_active = False
    client.save(update_fields=["is_active"])

    assert selectors.oem_client_of(request_for(user)) is None
    assert not selectors.contracts_for(request_for(user)).exists()


def test_group_members_see_their_groups_allocations_only(groups, variant):
    contract = create_contract(create_oem_client(), variant)
    north, south = (
        Allocation.objects.create(contract=contract, group=group, quantity=250, producer_unit_price="60.00",
                                  ready_by=contract.delivery_date)
        for group in (groups[0], groups[2])
    )
    member = create_member(groups[0])

    assert list(selectors.allocations_for_member(member)) == [north]
    assert south not in selectors.allocations_for_member(member)
    assert not selectors.allocations_for_member(AnonymousUser()).exists()
    assert not selectors.allocations_for_member(create_client_member(contract.client)).exists()
