"""A transaction created in this database transaction keeps its events in memory, and they
are exactly those of the database: a fact is still recorded once, amounts are the same."""

from decimal import Decimal

import pytest
from django.db import transaction as db_transaction

from shop.payment.amounts import amounts_from_events
from shop.payment.gateways import DUMMY_GATEWAY_ID, GatewayEvent
from shop.payment.models import TransactionEvent, TransactionItem
from shop.payment.models import TransactionEventType as T
from shop.payment.services import (
    transaction_amounts_recalculate,
    transaction_create,
    transaction_event_record,
    transaction_events_report,
)
from tests.factories.catalog import create_channel
from tests.factories.checkout import create_checkout

pytestmark = pytest.mark.django_db


def test_facts_recorded_twice_on_a_new_transaction_are_recorded_once(django_assert_num_queries):
    checkout = create_checkout(create_channel())
    with db_transaction.atomic():
        # given a transaction just created, with a request and a charge recorded
        transaction = transaction_create(gateway=DUMMY_GATEWAY_ID, name="Card", currency="THB", checkout=checkout)
        request, created = transaction_event_record(
            transaction=transaction, type=T.CHARGE_REQUEST, amount=Decimal("500"), psp_reference="pi_1", key="request")
        transaction_events_report(transaction=transaction, events=[
            GatewayEvent(T.CHARGE_SUCCESS, Decimal("500"), psp_reference="pi_1", key="pi_1:charged")])

        # when the same facts are recorded again (same key; same request for the same PSP reference)
        with django_assert_num_queries(0):
            again, again_created = transaction_event_record(
                transaction=transaction, type=T.CHARGE_REQUEST, amount=Decimal("500"), psp_reference="pi_1", key="request")
            same_request, same_created = transaction_event_record(
                transaction=transaction, type=T.CHARGE_REQUEST, amount=Decimal("500"), psp_reference="pi_1")
        transaction_amounts_recalculate(transaction=transaction)

    # then each fact is one row, and the amounts are those the rows give
    assert created and not again_created and not same_created
    assert again.pk == same_request.pk == request.pk
    rows = list(TransactionEvent.objects.filter(transaction=transaction))
    assert sorted(e.type for e in rows) == [T.CHARGE_REQUEST, T.CHARGE_SUCCESS]
    saved = TransactionItem.objects.get(pk=transaction.pk)
    assert saved.charged_value == amounts_from_events(rows).charged == Decimal("500")
    assert (saved.charged_value, saved.charge_pending_value) == (transaction.charged_value, transaction.charge_pending_value)


def test_a_transaction_read_from_the_database_reads_its_events():
    # given a transaction created and committed earlier, with a charge request
    checkout = create_checkout(create_channel())
    with db_transaction.atomic():
        created = transaction_create(gateway=DUMMY_GATEWAY_ID, name="Card", currency="THB", checkout=checkout)
        transaction_event_record(transaction=created, type=T.CHARGE_REQUEST, amount=Decimal("500"),
                                 psp_reference="pi_1", key="request")

    # when it is read again and the charge succeeds
    with db_transaction.atomic():
        transaction = TransactionItem.objects.select_for_update().get(pk=created.pk)
        transaction_events_report(transaction=transaction, events=[
            GatewayEvent(T.CHARGE_SUCCESS, Decimal("500"), psp_reference="pi_1", key="pi_1:charged")])

    # then its amounts count the request recorded before (settled by the charge)
    transaction.refresh_from_db()
    assert (transaction.charged_value, transaction.charge_pending_value) == (Decimal("500"), Decimal("0"))
    assert TransactionEvent.objects.filter(transaction=transaction).count() == 2
