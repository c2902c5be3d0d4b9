"""API tokens in the API: a client's admins and staff create and revoke them; the raw token is
shown once and works as a Bearer token; oemMe shows the caller's client (tokens for admins)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from oem_orders.models import OemApiToken

from .conftest import Api, gid, top_code
from .queries import MUTATION_TOKEN_CREATE, MUTATION_TOKEN_REVOKE, QUERY_CONTRACTS, QUERY_ME

pytestmark = pytest.mark.django_db


def _payload(result, name):
    assert "errors" not in result, result
    return result["data"][name]


def test_admin_creates_a_token_that_works_then_revokes_it(world_a):
    admin = Api(user=world_a.admin)
    payload = _payload(admin.execute(MUTATION_TOKEN_CREATE, {"input": {"name": "Warehouse system"}}),
                       "oemApiTokenCreate")
    assert payload["errors"] == []
    raw = payload["token"]
    assert raw.startswith("hnoem_") and payload["apiToken"]["last4"] == raw[-4:]
    saved = OemApiToken.objects.get(name="Warehouse system")
    assert saved.client == world_a.client and saved.key_hash != raw and raw not in saved.key_hash

    contracts = Api(token=raw).execute(QUERY_CONTRACTS)["data"]["oemContracts"]
    assert contracts["totalCount"] == 2

    payload = _payload(admin.execute(MUTATION_TOKEN_REVOKE, {"id": payload["apiToken"]["id"]}), "oemApiTokenRevoke")
    assert payload["apiToken"]["isActive"] is False and payload["apiToken"]["revokedAt"]
    assert top_code(Api(token=raw).execute(QUERY_CONTRACTS)) == "TOKEN_REVOKED"

    payload = _payload(admin.execute(MUTATION_TOKEN_REVOKE, {"id": gid("OemApiToken", saved)}), "oemApiTokenRevoke")
    assert payload["errors"][0]["code"] == "INVALID_STATUS"


def test_token_bad_input_writes_nothing(world_a):
    admin = Api(user=world_a.admin)
    before = OemApiToken.objects.count()
    for variables, field, code in (
        ({"name": "  "}, "name", "REQUIRED"),
        ({"name": "Old", "expiresAt": (timezone.now() - timedelta(days=1)).isoformat()}, "expiresAt", "INVALID"),
        ({"name": "Forever", "expiresAt": (timezone.now() + timedelta(days=800)).isoformat()}, "expiresAt", "INVALID"),
    ):
        payload = _payload(admin.execute(MUTATION_TOKEN_CREATE, {"input": variables}), "oemApiTokenCreate")
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
        assert payload["token"] is None
    assert OemApiToken.objects.count() == before


def test_staff_create_tokens_for_a_named_client(staff_api, world_a):
    payload = _payload(staff_api.execute(MUTATION_TOKEN_CREATE, {"input": {"name": "ERP"}}), "oemApiTokenCreate")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("client", "REQUIRED")]
    payload = _payload(staff_api.execute(MUTATION_TOKEN_CREATE, {"input": {
        "name": "ERP 2", "client": gid("OemClient", world_a.client)}}), "oemApiTokenCreate")
    assert payload["errors"] == [] and OemApiToken.objects.get(name="ERP 2").client == world_a.client
    payload = _payload(staff_api.execute(MUTATION_TOKEN_REVOKE, {"id": gid("OemApiToken", world_a.token)}),
                       "oemApiTokenRevoke")
    assert payload["errors"] == [] and payload["apiToken"]["isActive"] is False


def test_me_shows_tokens_to_admins_only(world_a):
    me = Api(user=world_a.admin).execute(QUERY_ME)["data"]["oemMe"]
    assert me["role"] == "ADMIN" and me["canManageTokens"] is True and me["token"] is None
    assert me["client"]["name"] == world_a.client.name
    assert [(t["name"], t["last4"], t["isActive"]) for t in me["client"]["tokens"]] == [
        ("ERP", world_a.raw_token[-4:], True)]

    me = Api(user=world_a.member).execute(QUERY_ME)["data"]["oemMe"]
    assert me["role"] == "MEMBER" and me["canManageTokens"] is False and me["client"]["tokens"] is None

    me = Api(token=world_a.raw_token).execute(QUERY_ME)["data"]["oemMe"]
    assert me["role"] is None and me["token"] == {"name": "ERP", "last4": world_a.raw_token[-4:]}
    assert me["client"]["tokens"] is None


def test_me_is_null_for_others(shopper):
    assert Api(user=shopper).execute(QUERY_ME) == {"data": {"oemMe": None}}
    assert Api().execute(QUERY_ME) == {"data": {"oemMe": None}}


def test_the_schema_never_exposes_the_hash():
    result = Api().execute('{ __type(name: "OemApiToken") { fields { name } } }')
    names = {f["name"] for f in result["data"]["__type"]["fields"]}
    assert names == {"id", "name", "last4", "expiresAt", "revokedAt", "lastUsedAt", "createdAt", "isActive"}
