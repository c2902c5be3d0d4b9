"""Callers of the OEM API over real HTTP: a client's API token (``Authorization: Bearer``), its
members, staff, producer-group members, a shopper and anonymous; two clients A and B with the
same kinds of objects each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from graphql_relay import to_global_id

from oem_orders.access import token_create
from oem_orders.models import OemClientRole
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member
from tests.factories.oem import (
    create_client_member,
    create_contract,
    create_oem_client,
    create_quote,
    create_quote_request,
)
from tests.oem_orders.fixtures_production import make_allocation, make_invoice


class Api:
    """POSTs GraphQL to /graphql/ as one caller (a Bearer token, a logged-in user, or nobody)."""

    def __init__(self, *, token: str | None = None, user=None):
        self.http = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if user is not None:
            self.http.force_login(user)

    def post(self, query: str, variables: dict | None = None):
        return self.http.post("/graphql/", {"query": query, "variables": variables or {}},
                              content_type="application/json", **self.headers)

    def execute(self, query: str, variables: dict | None = None) -> dict:
        response = self.post(query, variables)
        assert response.status_code in (200, 400), response.content
        return response.json()

    def multipart(self, query: str, variables: dict, files: dict, mapping: dict):
        import json

        data = {"operations": json.dumps({"query": query, "variables": variables}), "map": json.dumps(mapping),
                **files}
        return self.http.post("/graphql/", data, **self.headers)


def gid(type_name: str, obj) -> str:
    return to_global_id(type_name, str(obj.pk))


def top_code(result: dict) -> str:
    return result["errors"][0]["extensions"]["exception"]["code"]


@dataclass
class ClientWorld:
    client: object
    admin: object
    member: object
    raw_token: str
    token: object
    request: object
    quote: object
    contract: object
    invoice: object
    sample_contract: object


def _world(variant, name) -> ClientWorld:
    client = create_oem_client(name)
    admin = create_client_member(client, role=OemClientRole.ADMIN)
    member = create_client_member(client)
    token, raw = token_create(client=client, name="ERP")
    request = create_quote_request(client, variant)
    quote = create_quote(request, variant)
    contract = create_contract(client, variant)
    invoice = make_invoice(contract)
    sample_contract = create_contract(client, variant, sample_wanted=True)
    return ClientWorld(client, admin, member, raw, token, request, quote, contract, invoice, sample_contract)


@pytest.fixture
def world_a(variant):
    return _world(variant, "Brand A Co., Ltd.")


@pytest.fixture
def world_b(variant):
    return _world(variant, "Brand B Co., Ltd.")


@pytest.fixture
def staff_user():
    from shop.account.permissions import PermissionEnum

    return create_staff("oem-staff@example.com", permissions=[PermissionEnum.MANAGE_ORDERS])


@pytest.fixture
def staff_api(staff_user):
    return Api(user=staff_user)


@pytest.fixture
def group_member(groups):
    return create_member(groups[0])


@pytest.fixture
def shopper():
    return create_user("shopper@example.com")


__all__ = ["Api", "gid", "make_allocation", "make_invoice", "top_code"]
