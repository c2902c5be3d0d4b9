"""``manage.py populatedb`` loads the OEM demo through the services, once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from oem_orders.access import thai_tax_id_valid
from oem_orders.demo import oem_demo_load
from oem_orders.models import (
    Allocation,
    AllocationStatus,
    Contract,
    ContractEvent,
    ContractStatus,
    Invoice,
    OemClient,
    Quote,
    QuoteRequest,
    QuoteRequestStatus,
    QuoteStatus,
)

pytestmark = pytest.mark.django_db

MODELS = (OemClient, QuoteRequest, Quote, Contract, Allocation, Invoice, ContractEvent)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_populatedb_loads_the_oem_demo_once():
    call_command("populatedb", stdout=io.StringIO())

    client = OemClient.objects.get(name="Siam Natural Brands Co., Ltd.")
    assert thai_tax_id_valid(client.tax_id) and client.billing_address is not None
    user = get_user_model().objects.get(email="oem@example.com")
    assert user.check_password("oem") and user.oem_membership.client == client
    assert QuoteRequest.objects.filter(client=client, status=QuoteRequestStatus.OPEN).count() == 1
    assert Quote.objects.filter(client=client, status=QuoteStatus.SENT).count() == 1
    contract = Contract.objects.get(client=client)
    assert contract.status == ContractStatus.IN_PRODUCTION
    allocations = list(contract.allocations.order_by("-quantity"))
    assert [a.quantity for a in allocations] == [36, 24]
    assert {a.status for a in allocations} == {AllocationStatus.ACCEPTED}
    assert len({a.group_id for a in allocations}) == 2 and allocations[0].quantity_done == 12
    assert contract.invoices.get().status == "paid"
    before = _counts()

    assert oem_demo_load() == 0
    call_command("populatedb", stdout=io.StringIO())

    assert _counts() == before
