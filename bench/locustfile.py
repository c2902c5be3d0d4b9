"""Locust scenario of the load test (run by ``bench/loadtest.py``; see its docstring).

Four kinds of users share the shop, as on a working day:

* ``ShopperBrowser`` (weight 6): the storefront's product list, a product page by slug,
  and a search (``products(filter: {search: ...})``), with the documents of
  tests/operations/storefront/.
* ``ShopperBuyer`` (weight 2): a whole paid checkout like bench/checkout.py (checkoutCreate,
  e-mail, shipping and billing address, delivery method, transactionInitialize with the
  dummy gateway ``homenet.payments.dummy``, checkoutComplete), same documents.
* ``GroupLeader`` (a fixed number, one per producer group of the plan): logs in once as the
  demo leader ``<group slug>@example.com`` / ``producer``, lists its group orders awaiting
  acceptance and accepts them (``groupOrderAccept``), lists its accepted ones and ships every
  accepted unit with a tracking number (``groupOrderShip``).  One user per group, so two
  users never race for the same group order.
* ``Manager`` (one): logs in once as ``admin@example.com`` and asks for the fair-trade margin
  report (``fairTradeMarginReport``) by producer group and by product for the current month.

Every request has a ``name=`` (its kind), so locust's statistics are per kind.  Every
GraphQL answer is checked: HTTP 200, JSON, no top-level ``errors``, an empty ``errors`` list
in a mutation's payload, and the expected result (an order that is paid, a group order that
is accepted / shipped); anything else is a failure in the statistics.  A failed step ends
that checkout (or that leader's round); the next one starts afresh.

The plan (variants to buy, product slugs, search words, the leaders' groups, passwords) is
the JSON file named by $LOADTEST_PLAN, written by bench/loadtest.py.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

from bench.checkout import ADDRESS, CHANNEL, GATEWAY, OPERATIONS, documents, operation_documents

PLAN_PATH = os.environ.get("LOADTEST_PLAN", "")
if not PLAN_PATH or not Path(PLAN_PATH).exists():
    raise SystemExit("bench/locustfile.py needs $LOADTEST_PLAN (written by bench/loadtest.py)")
PLAN = json.loads(Path(PLAN_PATH).read_text())

# --- documents ------------------------------------------------------------------------------------

CHECKOUT_DOCS, PAYMENT = documents(paid=True)
PRODUCT_LIST = operation_documents(OPERATIONS / "product_list.graphql")["StorefrontProductList"]
PRODUCT_PAGE = operation_documents(OPERATIONS / "product_page.graphql")["StorefrontProductPage"]
SEARCH = operation_documents(OPERATIONS / "search.graphql")["StorefrontSearch"]
ACCOUNT = operation_documents(OPERATIONS / "account.graphql")
LOGIN = ACCOUNT["Login"]
TOKEN_REFRESH = ACCOUNT["TokenRefresh"]

GROUP_ORDERS = """
query LeaderGroupOrders($status: [GroupOrderStatusEnum!], $first: Int!) {
  groupOrders(first: $first, filter: { status: $status }) {
    totalCount
    edges { node { id number status acceptBy lines { id status quantity quantityShipped quantityToShip } } }
  }
}
"""

GROUP_ORDER_ACCEPT = """
mutation LeaderGroupOrderAccept($id: ID!) {
  groupOrderAccept(id: $id) {
    groupOrder { id status lines { id status } }
    errors { field code message lines }
  }
}
"""

GROUP_ORDER_SHIP = """
mutation LeaderGroupOrderShip($id: ID!, $input: GroupOrderShipInput!) {
  groupOrderShip(id: $id, input: $input) {
    groupOrder { id status lines { id quantityShipped quantityToShip } }
    fulfillment { id trackingNumber }
    errors { field code message lines }
  }
}
"""

MARGIN_REPORT = """
query ManagerMarginReport($filter: FairTradeMarginReportFilterInput!) {
  fairTradeMarginReport(filter: $filter) {
    rows {
      key label labelEn
      gross { amount currency } vat { amount } producerShare { amount } premium { amount } fees { amount }
      margin { amount } producerSharePercent marginPercent
    }
    totals { gross { amount } producerShare { amount } premium { amount } margin { amount } }
    shipping { gross { amount } net { amount } }
  }
}
"""

TOKEN_REFRESH_AFTER = 200  # seconds; access tokens live 5 minutes (JWT_ACCESS_TTL_SECONDS)


class GraphQLUser(HttpUser):
    """A user that speaks GraphQL to /graphql/ and checks every answer."""

    abstract = True
    token: str | None = None
    refresh_token: str | None = None
    logged_in_at = 0.0

    def gql(self, name: str, query: str, variables: dict | None = None, *, mutation: str | None = None, check=None):
        """POST one operation; returns ``data`` (or the mutation's payload), or None after marking a failure."""
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = {"query": query, "variables": variables or {}}
        with self.client.post("/graphql/", json=payload, headers=headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {(response.text or '')[:200]}")
                return None
            try:
                body = response.json()
            except ValueError:
                response.failure(f"not JSON: {(response.text or '')[:200]}")
                return None
            if body.get("errors"):
                response.failure(f"errors: {json.dumps(body['errors'])[:300]}")
                return None
            data = body.get("data") or {}
            if mutation is not None:
                data = data.get(mutation)
                if data is None:
                    response.failure(f"{mutation}: no payload")
                    return None
                if data.get("errors"):
                    response.failure(f"{mutation} errors: {json.dumps(data['errors'])[:300]}")
                    return None
            if check is not None:
                try:
                    problem = check(data)
                except (KeyError, TypeError, IndexError, AttributeError) as exc:
                    problem = f"unexpected answer ({exc!r}): {json.dumps(data)[:200]}"
                if problem:
                    response.failure(problem)
                    return None
            response.success()
            return data

    def login(self, kind: str, email: str, password: str) -> bool:
        result = self.gql(f"login: tokenCreate ({kind})", LOGIN, {"email": email, "password": password},
                          mutation="tokenCreate", check=lambda d: None if d.get("token") else "no token")
        if result is None:
            return False
        self.token, self.refresh_token, self.logged_in_at = result["token"], result["refreshToken"], time.monotonic()
        return True

    def keep_token_fresh(self, kind: str) -> None:
        """Runs longer than the access token's life get a new one with the refresh token (not a new login)."""
        if self.refresh_token and time.monotonic() - self.logged_in_at > TOKEN_REFRESH_AFTER:
            token, self.token = self.token, None
            result = self.gql(f"login: tokenRefresh ({kind})", TOKEN_REFRESH, {"refreshToken": self.refresh_token},
                              mutation="tokenRefresh", check=lambda d: None if d.get("token") else "no token")
            self.token = result["token"] if result else token
            self.logged_in_at = time.monotonic()


# --- shoppers -------------------------------------------------------------------------------------------


class ShopperBrowser(GraphQLUser):
    weight = 6
    wait_time = between(0.5, 2.5)

    @task(3)
    def product_list(self):
        self.gql("browse: products list", PRODUCT_LIST, {"first": 12, "channel": CHANNEL},
                 check=lambda d: None if d.get("products", {}).get("edges") else "empty product list")

    @task(4)
    def product_page(self):
        slug = random.choice(PLAN["product_slugs"])
        self.gql("browse: product page", PRODUCT_PAGE, {"slug": slug, "channel": CHANNEL},
                 check=lambda d: None if d.get("product") else f"no product {slug}")

    @task(2)
    def search(self):
        self.gql("browse: search", SEARCH, {"search": random.choice(PLAN["search_terms"]), "first": 20,
                                            "channel": CHANNEL},
                 check=lambda d: None if d.get("products") is not None else "no products field")


class ShopperBuyer(GraphQLUser):
    weight = 2
    wait_time = between(1.0, 3.0)

    def step(self, mutation: str, variables: dict, check=None):
        return self.gql(f"checkout: {mutation}", CHECKOUT_DOCS[mutation], variables, mutation=mutation, check=check)

    @task
    def buy(self):
        pool = PLAN["variant_ids"]
        lines = [{"variantId": v, "quantity": random.randint(1, 2)} for v in random.sample(pool, random.randint(1, 3))]
        created = self.step("checkoutCreate", {"channel": CHANNEL, "lines": lines},
                            check=lambda d: None if d.get("checkout") else "no checkout")
        if not created:
            return
        checkout_id = created["checkout"]["id"]
        email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        if not self.step("checkoutEmailUpdate", {"id": checkout_id, "email": email}):
            return
        shipped = self.step("checkoutShippingAddressUpdate", {"id": checkout_id, "address": ADDRESS},
                            check=lambda d: None if d["checkout"]["shippingMethods"] else "no shipping method offered")
        if not shipped:
            return
        if not self.step("checkoutBillingAddressUpdate", {"id": checkout_id, "address": ADDRESS}):
            return
        method = shipped["checkout"]["shippingMethods"][0]["id"]
        delivered = self.step(
            "checkoutDeliveryMethodUpdate", {"id": checkout_id, "deliveryMethodId": method},
            check=lambda d: None if ((d["checkout"]["delivery"] or {}).get("shippingMethod") or {}).get("id") == method
            else "delivery method not set")
        if not delivered:
            return
        total = delivered["checkout"]["totalPrice"]["gross"]["amount"]
        values = {"id": checkout_id, "amount": total, "gateway": {"id": GATEWAY}, "gateway_id": GATEWAY}
        paid = self.step(
            "transactionInitialize", {k: values[v] for k, v in PAYMENT.variables.items()},
            check=lambda d: None if (d.get("transactionEvent") or {}).get("type") in (None, "CHARGE_SUCCESS")
            else f"payment event {d.get('transactionEvent')}")
        if not paid:
            return

        def order_paid(d):
            order = d.get("order")
            if not order or d.get("confirmationNeeded"):
                return f"no order: {json.dumps(d)[:200]}"
            if not (order["isPaid"] and order["chargeStatus"] == "FULL"):
                return f"order not paid: isPaid={order['isPaid']} chargeStatus={order['chargeStatus']}"
            if abs(order["total"]["gross"]["amount"] - total) > 0.001:
                return f"order total {order['total']['gross']['amount']} != checkout total {total}"
            return None

        self.step("checkoutComplete", {"id": checkout_id}, check=order_paid)


# --- producer group leaders ----------------------------------------------------------------------------------

_leader_slots = itertools.count()


class GroupLeader(GraphQLUser):
    fixed_count = len(PLAN["leader_groups"])
    wait_time = between(2.0, 5.0)
    group_slug = ""
    ready = False

    def on_start(self):
        groups = PLAN["leader_groups"]
        self.group_slug = groups[next(_leader_slots) % len(groups)]
        self.ready = self.login("leader", f"{self.group_slug}@example.com", PLAN["leader_password"])

    def list_orders(self, status: str) -> list[dict]:
        data = self.gql(f"leader: groupOrders {status.lower()}", GROUP_ORDERS, {"status": [status], "first": 10})
        return [edge["node"] for edge in data["groupOrders"]["edges"]] if data else []

    @task
    def work(self):
        if not self.ready:
            self.ready = self.login("leader", f"{self.group_slug}@example.com", PLAN["leader_password"])
            return
        self.keep_token_fresh("leader")
        for group_order in self.list_orders("AWAITING_ACCEPTANCE"):
            self.gql("leader: groupOrderAccept", GROUP_ORDER_ACCEPT, {"id": group_order["id"]}, mutation="groupOrderAccept",
                     check=lambda d: None if d["groupOrder"]["status"] == "ACCEPTED"
                     else f"status {d['groupOrder']['status']} after accepting")
        for group_order in self.list_orders("ACCEPTED"):
            lines = [{"lineId": line["id"], "quantity": line["quantityToShip"]}
                     for line in group_order["lines"] if line["status"] == "ACCEPTED" and line["quantityToShip"] > 0]
            if not lines:
                continue
            tracking = f"LT{uuid.uuid4().int % 10**9:09d}TH"
            self.gql("leader: groupOrderShip", GROUP_ORDER_SHIP,
                     {"id": group_order["id"], "input": {"carrier": "Thailand Post", "trackingNumber": tracking, "lines": lines}},
                     mutation="groupOrderShip",
                     check=lambda d: None if d["groupOrder"]["status"] == "SHIPPED"
                     else f"status {d['groupOrder']['status']} after shipping everything")


# --- the social enterprise's manager ---------------------------------------------------------------------------


class Manager(GraphQLUser):
    fixed_count = 1
    wait_time = between(3.0, 6.0)
    ready = False

    def on_start(self):
        self.ready = self.login("manager", PLAN["manager_email"], PLAN["manager_password"])

    def report(self, group_by: str):
        today = datetime.datetime.now(ZoneInfo("Asia/Bangkok")).date()
        self.gql(f"manager: fairTradeMarginReport by {group_by.lower()}", MARGIN_REPORT,
                 {"filter": {"dateFrom": today.replace(day=1).isoformat(), "dateTo": today.isoformat(), "groupBy": group_by}},
                 check=lambda d: None if d.get("fairTradeMarginReport", {}).get("totals") else "no totals")

    @task(2)
    def by_group(self):
        if not self.ready:
            self.ready = self.login("manager", PLAN["manager_email"], PLAN["manager_password"])
            return
        self.keep_token_fresh("manager")
        self.report("PRODUCER_GROUP")

    @task(1)
    def by_product(self):
        if not self.ready:
            return
        self.keep_token_fresh("manager")
        self.report("PRODUCT")
