"""transactionRequestAction: payments staff refund, charge or cancel; the gateway's answer becomes events."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from graphql_relay import to_global_id

from shop.checkout.calculations import checkout_charged_amount
from shop.checkout.complete import checkout_complete
from shop.core.events import event_name
from shop.core.models import EventOutbox
from shop.order.events import OrderRefunded
from shop.page.models import Page, PageType
from shop.payment.gateways import DUMMY_GATEWAY_ID, STRIPE_GATEWAY_ID
from shop.payment.models import TransactionEvent, TransactionItem
from shop.payment.sessions import transaction_initialize
from tests.fakes.stripe_server import deliver, event

pytestmark = pytest.mark.django_db

MUTATION_TRANSACTION_REQUEST_ACTION = """
mutation Act($id: ID, $token: UUID, $action: TransactionActionEnum!, $amount: PositiveDecimal, $reason: String,
             $reference: ID) {
  transactionRequestAction(id: $id, token: $token, actionType: $action, amount: $amount, refundReason: $reason,
                           refundReasonReference: $reference) {
    transaction {
      actions chargedAmount { amount } refundedAmount { amount } refundPendingAmount { amount }
      authorizedAmount { amount } canceledAmount { amount } reason reasonReference { slug }
      events { type amount { amount } pspReference message createdBy { __typename ... on User { email } } }
      order { totalRefunded { amount } totalCharged { amount } chargeStatus paymentStatus }
    }
    errors { field code message }
  }
}
"""


def _act(api_client, transaction, action="REFUND", **variables):
    variables = {"id": to_global_id("TransactionItem", transaction.token), "action": action, **variables}
    return api_client.execute(MUTATION_TRANSACTION_REQUEST_ACTION, variables)


@pytest.fixture
def stripe_order(client, fake_stripe, checkout):
    """An order paid by card through Stripe: (order, transaction)."""
    transaction = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID).transaction
    deliver(client, event("payment_intent.succeeded", fake_stripe.succeed(transaction.psp_reference)))
    order = checkout_complete(token=checkout.pk, charged_amount=checkout_charged_amount(checkout))
    transaction.refresh_from_db()
    return order, transaction


def test_staff_refund_makes_a_request_then_a_success_and_the_order_follows(payments_api_client, client, fake_stripe,
                                                                          stripe_order):
    order, transaction = stripe_order
    total = order.total_gross_amount

    result = _act(payments_api_client, transaction, amount="90.00", reason="Scarf arrived torn")["data"]
    result = result["transactionRequestAction"]
    refund = fake_stripe.created("/v1/refunds")
    notice = deliver(client, event("charge.refunded", fake_stripe.charge_of(transaction.psp_reference)))

    assert result["errors"] == []
    events = result["transaction"]["events"]
    assert [e["type"] for e in events[-2:]] == ["REFUND_REQUEST", "REFUND_SUCCESS"]
    request, success = events[-2:]
    assert request["amount"]["amount"] == success["amount"]["amount"] == 90.0
    assert request["pspReference"] == success["pspReference"] == next(iter(fake_stripe.refunds))
    assert request["message"] == "Scarf arrived torn" and result["transaction"]["reason"] == "Scarf arrived torn"
    assert request["createdBy"] == {"__typename": "User", "email": "payments@example.com"}
    assert result["transaction"]["refundedAmount"]["amount"] == 90.0
    assert Decimal(str(result["transaction"]["chargedAmount"]["amount"])) == total - 90
    assert result["transaction"]["order"] == {
        "totalRefunded": {"amount": 90.0}, "totalCharged": {"amount": float(total - 90)}, "chargeStatus": "PARTIAL",
        "paymentStatus": "PARTIALLY_REFUNDED",
    }
    assert refund == [{"payment_intent": transaction.psp_reference, "amount": "9000",
                       "metadata": {"transaction_token": str(transaction.token)}}]
    assert notice.json()["outcome"] == "applied"
    transaction.refresh_from_db()
    assert transaction.refunded_value == Decimal(90)  # the webhook's notice of our own refund changed nothing
    assert list(order.events.values_list("type", flat=True).filter(type__startswith="TRANSACTION")) == [
        "TRANSACTION_REFUND_REQUESTED"]
    assert EventOutbox.objects.filter(event_type=event_name(OrderRefunded)).count() == 1


def test_refund_without_amount_refunds_everything_and_more_is_cut_to_it(payments_api_client, stripe_order):
    order, transaction = stripe_order

    everything = _act(payments_api_client, transaction)["data"]["transactionRequestAction"]["transaction"]

    assert everything["refundedAmount"]["amount"] == float(order.total_gross_amount)
    assert everything["chargedAmount"]["amount"] == 0 and everything["actions"] == []
    assert everything["order"]["paymentStatus"] == "FULLY_REFUNDED"
    assert everything["order"]["chargeStatus"] == "NONE"


def test_refund_above_what_is_charged_is_cut_down(payments_api_client, stripe_order):
    order, transaction = stripe_order

    result = _act(payments_api_client, transaction, amount="100000")["data"]["transactionRequestAction"]

    assert result["transaction"]["refundedAmount"]["amount"] == float(order.total_gross_amount)


@pytest.mark.parametrize("permissions", [None, [], ["manage_orders"]])
def test_refund_needs_handle_payments_and_writes_nothing(api_client, client, django_user_model, fake_stripe,
                                                         stripe_order, permissions):
    order, transaction = stripe_order
    if permissions is not None:
        staff = django_user_model.objects.create_user("clerk@example.com", "pass", is_staff=True)
        staff.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
        client.force_login(staff)
    events = TransactionEvent.objects.count()

    response = _act(api_client, transaction)

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert response["data"]["transactionRequestAction"] is None
    assert TransactionEvent.objects.count() == events
    assert fake_stripe.created("/v1/refunds") == []


def test_refund_refused_by_stripe_is_a_failure_and_the_money_stays_charged(payments_api_client, fake_stripe, stripe_order):
    order, transaction = stripe_order
    fake_stripe.intents[transaction.psp_reference]["status"] = "processing"  # Stripe will refuse to refund

    result = _act(payments_api_client, transaction, amount="50")["data"]["transactionRequestAction"]

    assert result["errors"] == []
    assert [e["type"] for e in result["transaction"]["events"][-2:]] == ["REFUND_REQUEST", "REFUND_FAILURE"]
    assert result["transaction"]["events"][-1]["message"].startswith("Stripe:")
    assert result["transaction"]["chargedAmount"]["amount"] == float(order.total_gross_amount)
    assert result["transaction"]["refundPendingAmount"]["amount"] == 0


def test_pending_refund_waits_for_stripe(payments_api_client, client, fake_stripe, stripe_order):
    order, transaction = stripe_order
    fake_stripe.next_refund_status = "pending"

    pending = _act(payments_api_client, transaction, amount="40")["data"]["transactionRequestAction"]["transaction"]
    refund = next(iter(fake_stripe.refunds.values()))
    refund["status"] = "succeeded"
    deliver(client, event("charge.refund.updated", refund))

    assert pending["refundPendingAmount"]["amount"] == 40.0 and pending["refundedAmount"]["amount"] == 0
    transaction.refresh_from_db()
    assert (transaction.refund_pending_value, transaction.refunded_value) == (0, 40)


def test_dummy_refund_of_a_checkout_payment(payments_api_client, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID).transaction

    result = _act(payments_api_client, transaction, amount="10")["data"]["transactionRequestAction"]["transaction"]

    assert [e["type"] for e in result["events"]][-2:] == ["REFUND_REQUEST", "REFUND_SUCCESS"]
    assert result["refundedAmount"]["amount"] == 10.0 and result["order"] is None


def test_authorized_card_is_captured_or_released(payments_api_client, client, fake_stripe, checkout):
    captured = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID, action="authorization").transaction
    released = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID, action="authorization",
                                      amount=Decimal("20")).transaction
    for transaction in (captured, released):
        deliver(client, event("payment_intent.amount_capturable_updated", fake_stripe.authorize(transaction.psp_reference)))

    charge = _act(payments_api_client, captured, action="CHARGE", amount="300")["data"]["transactionRequestAction"]
    cancel = _act(payments_api_client, released, action="CANCEL")["data"]["transactionRequestAction"]

    assert charge["errors"] == [] and cancel["errors"] == []
    assert charge["transaction"]["chargedAmount"]["amount"] == 300.0
    assert charge["transaction"]["authorizedAmount"]["amount"] == 0  # Stripe releases the rest of a capture
    assert fake_stripe.intents[captured.psp_reference]["amount_received"] == 30000
    assert cancel["transaction"]["canceledAmount"]["amount"] == 20.0
    assert cancel["transaction"]["authorizedAmount"]["amount"] == 0
    assert fake_stripe.intents[released.psp_reference]["status"] == "canceled"


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"action": "CHARGE", "reason": "no"}, "refundReason"),
        ({"action": "CANCEL", "reference": to_global_id("Page", 1)}, "refundReasonReference"),
        ({"reference": to_global_id("Page", 999999)}, "refundReasonReference"),
        ({"action": "CHARGE"}, "actionType"),  # nothing authorized to charge
    ],
)
def test_bad_requests_are_invalid_and_write_nothing(payments_api_client, stripe_order, variables, field):
    _, transaction = stripe_order
    events = TransactionEvent.objects.count()

    result = _act(payments_api_client, transaction, **variables)["data"]["transactionRequestAction"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, "INVALID")]
    assert TransactionEvent.objects.count() == events


def test_refund_reason_may_reference_a_page(payments_api_client, stripe_order):
    _, transaction = stripe_order
    page = Page.objects.create(slug="damaged-in-transit", title="Damaged in transit",
                               page_type=PageType.objects.create(name="Refund reason", slug="refund-reason"))

    result = _act(payments_api_client, transaction, amount="5", reference=to_global_id("Page", page.pk))

    assert result["data"]["transactionRequestAction"]["transaction"]["reasonReference"] == {"slug": "damaged-in-transit"}


def test_unknown_transaction_and_switched_off_gateway(payments_api_client, checkout, settings):
    transaction = transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID).transaction
    missing = payments_api_client.execute(MUTATION_TRANSACTION_REQUEST_ACTION, {
        "token": "00000000-0000-0000-0000-000000000000", "action": "REFUND"})
    settings.DUMMY_GATEWAY_ENABLED = False

    off = _act(payments_api_client, transaction)["data"]["transactionRequestAction"]

    assert missing["data"]["transactionRequestAction"]["errors"][0]["code"] == "NOT_FOUND"
    assert [(e["field"], e["code"]) for e in off["errors"]] == [(None, "MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK")]
    assert TransactionItem.objects.get().refunded_value == 0


def test_shoppers_processing_a_refunded_payment_do_not_see_who_refunded(api_client, payments_api_client, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID).transaction
    _act(payments_api_client, transaction, amount="10")
    payments_api_client.client.logout()

    data = api_client.execute("""
        mutation ($id: ID) { transactionProcess(id: $id) { transaction { events { type createdBy { __typename } } } } }
    """, {"id": to_global_id("TransactionItem", transaction.token)})

    events = data["data"]["transactionProcess"]["transaction"]["events"]
    assert [e["createdBy"] for e in events if e["type"] == "REFUND_REQUEST"] == [None]
