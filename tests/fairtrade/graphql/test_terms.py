"""Staff agree fair-trade terms through the API; a price below the fair-wage floor never gets in."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphene.relay import Node

from fairtrade.models import FairTradeTerms
from shop.account.permissions import PermissionEnum
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member
from tests.factories.fairtrade import create_terms
from tests.shop.graphql.conftest import GraphQLClient

from ..conftest import product_made_by

pytestmark = pytest.mark.django_db

MUTATION_TERMS_CREATE = """
mutation($input: FairTradeTermsCreateInput!) {
  fairTradeTermsCreate(input: $input) {
    fairTradeTerms {
      id effectiveFrom effectiveTo pricing producerPrice { amount } floorPrice { amount }
      minimumDailyWage { amount } premiumPercent dailyWagePaid { amount } livingWageGap { amount }
      minimumWageSource producerGroup { slug } variant { sku }
    }
    errors { field message code }
  }
}
"""

QUERY_TERMS = """
query($filter: FairTradeTermsFilterInput) {
  fairTradeTerms(first: 50, filter: $filter) {
    totalCount
    edges { node { producerPrice { amount } effectiveFrom effectiveTo producerGroup { slug } variant { sku } } }
  }
}
"""

QUERY_WAGES = """
query($province: String) { minimumWages(provinceCode: $province) { area districtCode dailyWage { amount } source } }
"""


def _gid(type_name, pk):
    return Node.to_global_id(type_name, pk)


def _input(group, variant, **fields):
    data = {
        "producerGroup": _gid("ProducerGroup", group.pk), "variant": _gid("ProductVariant", variant.pk),
        "effectiveFrom": "2025-03-01", "pricing": "DIRECT", "materialsCost": "40.00", "labourMinutes": "120",
        "producerPrice": "150.00", "premiumPercent": "10",
    }
    data.update(fields)
    return {"input": data}


@pytest.fixture
def manager(client):
    client.force_login(create_staff(permissions=[PermissionEnum.MANAGE_PRODUCTS]))
    return GraphQLClient(client)


@pytest.fixture
def scarf(channel, groups):
    return product_made_by(channel, [(groups[0], 5, 1, 0)])


def test_staff_agree_terms_priced_from_the_cost_sheet(manager, groups, scarf):
    result = manager.execute(MUTATION_TERMS_CREATE, _input(
        groups[0], scarf, pricing="COST_SHEET", producerPrice=None, wageBasisDaily="400.00",
    ))["data"]["fairTradeTermsCreate"]

    assert result["errors"] == []
    terms = result["fairTradeTerms"]
    # 40 + 120 minutes at 400 a day (8 hours) = 140; the floor at Mae Rim's 357 is 129.25
    assert terms["producerPrice"]["amount"] == 140.0 and terms["floorPrice"]["amount"] == 129.25
    assert terms["minimumDailyWage"]["amount"] == 357.0
    assert terms["dailyWagePaid"]["amount"] == 400.0
    assert terms["pricing"] == "COST_SHEET" and terms["effectiveTo"] is None
    assert terms["producerGroup"]["slug"] == groups[0].slug and terms["variant"]["sku"] == scarf.sku
    assert terms["minimumWageSource"].startswith("Chiang Mai: Wage Committee announcement")


@pytest.mark.parametrize(
    "fields, field, code",
    [
        ({"producerPrice": "129.24"}, "producerPrice", "BELOW_FAIR_WAGE_FLOOR"),
        ({"producerPrice": "-1"}, "producerPrice", "NEGATIVE_AMOUNT"),
        ({"materialsCost": "-0.01"}, "materialsCost", "NEGATIVE_AMOUNT"),
        ({"premiumPercent": "100.01"}, "premiumPercent", "PREMIUM_OUT_OF_RANGE"),
        ({"materialsCost": None}, "materialsCost", "REQUIRED"),
        ({"producerPrice": None}, "producerPrice", "REQUIRED"),
        ({"effectiveTo": "2025-03-01"}, "effectiveTo", "INVALID"),
        ({"producerGroup": Node.to_global_id("ProducerGroup", 0)}, "producerGroup", "NOT_FOUND"),
    ],
)
def test_bad_terms_are_refused_with_their_code_and_nothing_is_written(manager, groups, scarf, fields, field, code):
    before = FairTradeTerms.objects.count()

    result = manager.execute(MUTATION_TERMS_CREATE, _input(groups[0], scarf, **fields))["data"]["fairTradeTermsCreate"]

    assert result["fairTradeTerms"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, code)]
    assert FairTradeTerms.objects.count() == before


def test_a_price_below_the_floor_says_by_how_much(manager, groups, scarf):
    result = manager.execute(MUTATION_TERMS_CREATE, _input(groups[0], scarf, producerPrice="120.00"))

    message = result["data"]["fairTradeTermsCreate"]["errors"][0]["message"]
    assert "THB 9.25 below the fair-wage floor of THB 129.25" in message


def test_terms_overlapping_dated_terms_are_refused_and_nothing_is_written(manager, groups, scarf):
    create_terms(groups[0], scarf, effective_from=date(2025, 1, 1), effective_to=date(2025, 6, 1))
    before = list(FairTradeTerms.objects.values_list("pk", "effective_from", "effective_to"))

    result = manager.execute(MUTATION_TERMS_CREATE, _input(groups[0], scarf, effectiveFrom="2025-05-01"))

    errors = result["data"]["fairTradeTermsCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("effectiveFrom", "OVERLAPPING_TERMS")]
    assert list(FairTradeTerms.objects.values_list("pk", "effective_from", "effective_to")) == before


def test_new_open_ended_terms_end_the_previous_ones(manager, groups, scarf):
    create_terms(groups[0], scarf, effective_from=date(2025, 1, 1))

    result = manager.execute(MUTATION_TERMS_CREATE, _input(groups[0], scarf, producerPrice="160.00"))

    assert result["data"]["fairTradeTermsCreate"]["errors"] == []
    listed = manager.execute(QUERY_TERMS, {"filter": {"variant": _gid("ProductVariant", scarf.pk)}})["data"][
        "fairTradeTerms"]
    dates = sorted((e["node"]["effectiveFrom"], e["node"]["effectiveTo"]) for e in listed["edges"])
    assert dates == [("2025-01-01", "2025-03-01"), ("2025-03-01", None)]
    in_force = manager.execute(QUERY_TERMS, {"filter": {"activeOn": "2025-02-15"}})["data"]["fairTradeTerms"]
    assert [e["node"]["producerPrice"]["amount"] for e in in_force["edges"]] == [150.0]


def test_listing_terms_costs_the_same_queries_for_one_or_many(manager, channel, groups):
    first = product_made_by(channel, [(groups[0], 5, 1, 0)])
    create_terms(groups[0], first)
    with CaptureQueriesContext(connection) as one:
        assert manager.execute(QUERY_TERMS)["data"]["fairTradeTerms"]["totalCount"] == 1
    for group in groups:
        create_terms(group, product_made_by(channel, [(group, 5, 1, 0)]))
    with CaptureQueriesContext(connection) as four:
        listed = manager.execute(QUERY_TERMS)["data"]["fairTradeTerms"]

    assert listed["totalCount"] == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def _caller(kind, client, group):
    if kind == "anonymous":
        return
    user = {
        "shopper": lambda: create_user(),
        "group member": lambda: create_member(group),
        "staff without the permission": lambda: create_staff(permissions=[PermissionEnum.MANAGE_ORDERS]),
    }[kind]()
    client.force_login(user)


@pytest.mark.parametrize("kind", ["anonymous", "shopper", "group member", "staff without the permission"])
def test_only_product_managers_see_and_agree_terms(client, groups, scarf, kind):
    create_terms(groups[0], scarf)
    _caller(kind, client, groups[0])
    api = GraphQLClient(client)
    before = FairTradeTerms.objects.count()

    created = api.execute(MUTATION_TERMS_CREATE, _input(groups[0], scarf, effectiveFrom="2025-09-01"))
    listed = api.execute(QUERY_TERMS)

    for result in (created, listed):
        assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert listed["data"]["fairTradeTerms"] is None
    assert FairTradeTerms.objects.count() == before


def test_anyone_can_read_the_minimum_wage_table(client):
    wages = GraphQLClient(client).execute(QUERY_WAGES, {"province": "50"})["data"]["minimumWages"]

    by_district = {w["districtCode"]: w["dailyWage"]["amount"] for w in wages}
    assert by_district[None] == 357.0 and by_district["5001"] == 380.0  # Chiang Mai, and its Mueang district
    assert all(w["source"] for w in wages)
