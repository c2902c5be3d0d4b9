"""The scope matrix: client A's API token and members never reach client B's objects (lists, get by
id, accept, decline, sample approval, payment, tokens), with nothing written; producer-group
members, shoppers and anonymous callers reach nothing of either client; bad tokens are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from oem_orders.models import Contract, Invoice, OemApiToken, Quote, SampleReview
from tests.factories.account import create_staff
from tests.oem_orders.fixtures_production import counts

from .conftest import Api, gid, top_code
from .queries import (
    MUTATION_CARD_PAYMENT_START,
    MUTATION_QUOTE_ACCEPT,
    MUTATION_QUOTE_DECLINE,
    MUTATION_SAMPLE_APPROVE,
    MUTATION_TOKEN_CREATE,
    MUTATION_TOKEN_REVOKE,
    QUERY_CONTRACT,
    QUERY_CONTRACTS,
    QUERY_QUOTE,
    QUERY_QUOTE_REQUEST,
    QUERY_QUOTE_REQUESTS,
    QUERY_QUOTES,
)

pytestmark = pytest.mark.django_db

CLIENT_CALLERS = ["token", "member", "admin"]
OUTSIDERS = ["group_member", "shopper", "anonymous"]


def _snapshot() -> dict:
    """Everything a refused mutation could have changed."""
    return {
        **counts(),
        "quotes": sorted(Quote.objects.values_list("number", "status", "decline_reason")),
        "contracts": sorted(Contract.objects.values_list("number", "status", "sample_status", "quantity")),
        "reviews": SampleReview.objects.count(),
        "invoices": sorted(Invoice.objects.values_list("number", "status", "stripe_payment_intent")),
        "tokens": sorted((str(pk), revoked is None) for pk, revoked in OemApiToken.objects.values_list("pk", "revoked_at")),
    }


def _api(kind, world, *, group_member=None, shopper=None) -> Api:
    if kind == "token":
        return Api(token=world.raw_token)
    if kind in ("member", "admin"):
        return Api(user=getattr(world, kind))
    if kind == "group_member":
        return Api(user=group_member)
    if kind == "shopper":
        return Api(user=shopper)
    return Api()


def _mutation_error(result, name):
    assert "errors" not in result, result
    errors = result["data"][name]["errors"]
    assert len(errors) == 1, errors
    return errors[0]


# --- client A against client B -----------------------------------------------------------------


@pytest.mark.parametrize("kind", CLIENT_CALLERS)
def test_lists_show_only_the_callers_client(kind, world_a, world_b):
    api = _api(kind, world_a)
    requests = api.execute(QUERY_QUOTE_REQUESTS)["data"]["oemQuoteRequests"]
    quotes = api.execute(QUERY_QUOTES)["data"]["oemQuotes"]
    contracts = api.execute(QUERY_CONTRACTS)["data"]["oemContracts"]

    own_requests = {r.number for r in world_a.client.quote_requests.all()}
    assert {e["node"]["number"] for e in requests["edges"]} == own_requests
    assert requests["totalCount"] == len(own_requests)
    assert {e["node"]["number"] for e in quotes["edges"]} == set(world_a.client.quotes.values_list("number", flat=True))
    numbers = {e["node"]["number"] for e in contracts["edges"]}
    assert numbers == {world_a.contract.number, world_a.sample_contract.number}
    invoices = [i["number"] for e in contracts["edges"] for i in e["node"]["invoices"]]
    assert invoices == [world_a.invoice.number]


@pytest.mark.parametrize("kind", CLIENT_CALLERS)
def test_get_by_id_of_another_client_is_null(kind, world_a, world_b):
    api = _api(kind, world_a)
    for query, name, type_name, obj in (
        (QUERY_QUOTE_REQUEST, "oemQuoteRequest", "OemQuoteRequest", "request"),
        (QUERY_QUOTE, "oemQuote", "OemQuote", "quote"),
        (QUERY_CONTRACT, "oemContract", "OemContract", "contract"),
    ):
        own = api.execute(query, {"id": gid(type_name, getattr(world_a, obj))})
        other = api.execute(query, {"id": gid(type_name, getattr(world_b, obj))})
        assert own["data"][name]["number"] == getattr(world_a, obj).number
        assert other == {"data": {name: None}}, other


@pytest.mark.parametrize("kind", CLIENT_CALLERS)
@pytest.mark.parametrize(
    ("mutation", "name", "variables"),
    [
        (MUTATION_QUOTE_ACCEPT, "oemQuoteAccept", lambda b: {"id": gid("OemQuote", b.quote)}),
        (MUTATION_QUOTE_DECLINE, "oemQuoteDecline", lambda b: {"id": gid("OemQuote", b.quote), "reason": "Too dear"}),
        (MUTATION_SAMPLE_APPROVE, "oemSampleApprove",
         lambda b: {"id": gid("OemContract", b.sample_contract), "approved": True}),
        (MUTATION_CARD_PAYMENT_START, "oemInvoiceCardPaymentStart", lambda b: {"id": gid("OemInvoice", b.invoice)}),
    ],
    ids=["accept", "decline", "sample", "pay"],
)
def test_mutations_on_another_clients_objects_are_not_found(kind, mutation, name, variables, world_a, world_b):
    api = _api(kind, world_a)
    before = _snapshot()
    error = _mutation_error(api.execute(mutation, variables(world_b)), name)
    assert error["code"] == "NOT_FOUND" and error["field"] == "id"
    assert _snapshot() == before


def test_admin_cannot_revoke_or_create_another_clients_tokens(world_a, world_b):
    api = Api(user=world_a.admin)
    before = _snapshot()
    error = _mutation_error(api.execute(MUTATION_TOKEN_REVOKE, {"id": gid("OemApiToken", world_b.token)}),
                            "oemApiTokenRevoke")
    assert error["code"] == "NOT_FOUND"
    error = _mutation_error(api.execute(MUTATION_TOKEN_CREATE, {"input": {
        "client": gid("OemClient", world_b.client), "name": "Mine now"}}), "oemApiTokenCreate")
    assert error["code"] == "NOT_FOUND"
    assert _snapshot() == before


@pytest.mark.parametrize("kind", ["token", "member"])
def test_non_admins_manage_no_tokens(kind, world_a):
    api = _api(kind, world_a)
    before = _snapshot()
    result = api.execute(MUTATION_TOKEN_REVOKE, {"id": gid("OemApiToken", world_a.token)})
    assert top_code(result) == "PermissionDenied" and result["data"]["oemApiTokenRevoke"] is None
    result = api.execute(MUTATION_TOKEN_CREATE, {"input": {"name": "More"}})
    assert top_code(result) == "PermissionDenied"
    assert _snapshot() == before


# --- outsiders ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_outsiders_reach_nothing(kind, world_a, world_b, group_member, shopper):
    api = _api(kind, None, group_member=group_member, shopper=shopper)
    for query, name in ((QUERY_QUOTE_REQUESTS, "oemQuoteRequests"), (QUERY_QUOTES, "oemQuotes"),
                        (QUERY_CONTRACTS, "oemContracts")):
        result = api.execute(query)
        assert top_code(result) == "PermissionDenied" and result["data"][name] is None
    for world in (world_a, world_b):
        for query, name, type_name, obj in (
            (QUERY_QUOTE_REQUEST, "oemQuoteRequest", "OemQuoteRequest", world.request),
            (QUERY_QUOTE, "oemQuote", "OemQuote", world.quote),
            (QUERY_CONTRACT, "oemContract", "OemContract", world.contract),
        ):
            assert api.execute(query, {"id": gid(type_name, obj)}) == {"data": {name: None}}
        before = _snapshot()
        for mutation, name, variables in (
            (MUTATION_QUOTE_ACCEPT, "oemQuoteAccept", {"id": gid("OemQuote", world.quote)}),
            (MUTATION_QUOTE_DECLINE, "oemQuoteDecline", {"id": gid("OemQuote", world.quote), "reason": "No"}),
            (MUTATION_SAMPLE_APPROVE, "oemSampleApprove", {"id": gid("OemContract", world.sample_contract),
                                                           "approved": True}),
            (MUTATION_CARD_PAYMENT_START, "oemInvoiceCardPaymentStart", {"id": gid("OemInvoice", world.invoice)}),
            (MUTATION_TOKEN_REVOKE, "oemApiTokenRevoke", {"id": gid("OemApiToken", world.token)}),
            (MUTATION_TOKEN_CREATE, "oemApiTokenCreate", {"input": {"client": gid("OemClient", world.client),
                                                                    "name": "x"}}),
        ):
            result = api.execute(mutation, variables)
            assert top_code(result) == "PermissionDenied", (name, result)
            assert result["data"][name] is None
        assert _snapshot() == before


def test_staff_without_manage_orders_are_outsiders(world_a):
    api = Api(user=create_staff("clerk@example.com"))
    result = api.execute(QUERY_CONTRACTS)
    assert top_code(result) == "PermissionDenied"
    assert api.execute(QUERY_CONTRACT, {"id": gid("OemContract", world_a.contract)}) == {"data": {"oemContract": None}}


def test_staff_with_manage_orders_see_every_client(staff_api, world_a, world_b):
    contracts = staff_api.execute(QUERY_CONTRACTS)["data"]["oemContracts"]
    assert contracts["totalCount"] == 4


# --- bad tokens ----------------------------------------------------------------------------------------


def test_revoked_token_is_a_top_level_error(world_a):
    OemApiToken.objects.filter(pk=world_a.token.pk).update(revoked_at=timezone.now())
    result = Api(token=world_a.raw_token).execute(QUERY_CONTRACTS)
    assert top_code(result) == "TOKEN_REVOKED" and result["data"]["oemContracts"] is None
    before = _snapshot()
    result = Api(token=world_a.raw_token).execute(MUTATION_QUOTE_ACCEPT, {"id": gid("OemQuote", world_a.quote)})
    assert top_code(result) == "TOKEN_REVOKED"
    assert _snapshot() == before


def test_expired_token_is_a_top_level_error(world_a):
    OemApiToken.objects.filter(pk=world_a.token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    result = Api(token=world_a.raw_token).execute(QUERY_QUOTES)
    assert top_code(result) == "TOKEN_EXPIRED" and result["data"]["oemQuotes"] is None
    result = Api(token=world_a.raw_token).execute(QUERY_CONTRACT, {"id": gid("OemContract", world_a.contract)})
    assert top_code(result) == "TOKEN_EXPIRED"


def test_unknown_token_is_a_top_level_error(world_a):
    result = Api(token="hnoem_" + "x" * 43).execute(QUERY_CONTRACTS)
    assert top_code(result) == "TOKEN_INVALID"
