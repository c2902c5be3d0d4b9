"""The staff API: clients, quotes, contract status, allocation, inspections, shipments and payments.

Every mutation here needs ``MANAGE_ORDERS`` (Saleor has no OEM permission);
anyone else gets ``PermissionDenied``.  Staff read through the client API's
queries, which show them every client's objects.  Services run inside one
transaction; their ``ValidationError`` becomes ``OemError`` and nothing is written.
"""

from __future__ import annotations

import graphene
from django.contrib.auth import get_user_model
from django.db.models import Q

from cooperatives.models import ProducerGroup as ProducerGroupModel
from oem_orders import access, allocation, contracts, invoices, production, quotes
from oem_orders import models as m
from oem_orders.error_codes import OemErrorCode as Code
from oem_orders.error_codes import oem_error
from shop.account.permissions import PermissionEnum
from shop.catalog.models import ProductVariant as ProductVariantModel
from shop.graphql.core.batching import new_batch
from shop.graphql.core.connection import ConnectionField, paginate
from shop.graphql.core.errors import require_permissions
from shop.graphql.core.mutations import BaseMutation
from shop.graphql.core.scalars import Upload

from .client import actor, contract_answer
from .errors import OemError, in_scope, pk_of
from .types import (
    OemAllocation,
    OemCancellationFaultEnum,
    OemCheckKindEnum,
    OemClient,
    OemClientRoleEnum,
    OemContract,
    OemContractStatusEnum,
    OemInspection,
    OemInvoice,
    OemQuote,
    OemShipment,
)

PERMISSIONS = (PermissionEnum.MANAGE_ORDERS,)
REQUIRES = " Requires one of the following permissions: MANAGE_ORDERS."


def _contract(global_id, field="id"):
    return in_scope(m.Contract.objects.all(), global_id, "OemContract", field, "a contract")


def _allocation(global_id, field="allocation"):
    return in_scope(m.Allocation.objects.all(), global_id, "OemAllocation", field, "an allocation")


class StaffMutation(BaseMutation):
    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, **options):
        options.setdefault("error_type_class", OemError)
        options.setdefault("permissions", PERMISSIONS)
        options["description"] = (options.get("description") or "") + REQUIRES
        super().__init_subclass_with_meta__(**options)


# --- clients -----------------------------------------------------------------------------------


class OemClientFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Part of the name, the tax id or the contact's email.")
    is_active = graphene.Boolean()


class Queries(graphene.ObjectType):
    oem_clients = ConnectionField(
        OemClient, filter=OemClientFilterInput(), description="Client companies by name." + REQUIRES,
    )
    oem_client = graphene.Field(OemClient, id=graphene.ID(required=True), description="One client." + REQUIRES)

    @staticmethod
    def resolve_oem_clients(_root, info, filter=None, **page):
        require_permissions(info, PERMISSIONS)
        qs = m.OemClient.objects.all()
        filter = filter or {}
        search = (filter.get("search") or "").strip()
        if search:
            qs = qs.filter(Q(name__icontains=search) | Q(tax_id__startswith=search) | Q(contact_email__icontains=search))
        if filter.get("is_active") is not None:
            qs = qs.filter(is_active=filter["is_active"])
        return paginate(qs, info, sort_fields=["name"], name="oemClients", **page)

    @staticmethod
    def resolve_oem_client(_root, info, id):
        require_permissions(info, PERMISSIONS)
        found = m.OemClient.objects.filter(pk=pk_of(id, "OemClient")).first()
        return new_batch([found], info)[0] if found else None


class OemAddressInput(graphene.InputObjectType):
    company_name = graphene.String()
    street_address_1 = graphene.String()
    street_address_2 = graphene.String()
    city = graphene.String()
    city_area = graphene.String()
    postal_code = graphene.String()
    country = graphene.String()
    country_area = graphene.String()
    phone = graphene.String()
    first_name = graphene.String()
    last_name = graphene.String()


class OemClientInput(graphene.InputObjectType):
    name = graphene.String(description="Registered company name (required to create).")
    country = graphene.String(description="ISO code (default TH).")
    tax_id = graphene.String(description="13 digits for Thai companies.")
    branch_code = graphene.String(description="5 digits; 00000 = head office.")
    billing_address = OemAddressInput()
    shipping_address = OemAddressInput()
    contact_name = graphene.String()
    contact_email = graphene.String()
    contact_phone = graphene.String()
    webhook_url = graphene.String(description="HTTPS URL that receives signed status notifications.")
    is_active = graphene.Boolean(description="Update only.")
    webhook_secret_rotate = graphene.Boolean(description="Update only: give the client a new webhook secret.")


_CLIENT_FIELDS = ("name", "country", "tax_id", "branch_code", "billing_address", "shipping_address", "contact_name",
                  "contact_email", "contact_phone", "webhook_url")


def _address(data):
    return None if data is None else {k: v for k, v in dict(data).items() if v is not None}


class OemClientCreate(StaffMutation):
    client = graphene.Field(OemClient)

    class Arguments:
        input = OemClientInput(required=True)

    class Meta:
        description = "Create a client company."

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        values = {key: input[key] for key in _CLIENT_FIELDS if input.get(key) is not None}
        for key in ("billing_address", "shipping_address"):
            if key in values:
                values[key] = _address(values[key])
        values.setdefault("name", "")
        values.setdefault("contact_name", "")
        values.setdefault("contact_email", "")
        client = access.client_create(**values, actor=actor(info))
        return cls(client=new_batch([client], info)[0])


class OemClientUpdate(StaffMutation):
    client = graphene.Field(OemClient)

    class Arguments:
        id = graphene.ID(required=True)
        input = OemClientInput(required=True)

    class Meta:
        description = "Change a client company (the fields given)."

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        client = in_scope(m.OemClient.objects.all(), id, "OemClient", "id", "a client")
        values = {key: input[key] for key in (*_CLIENT_FIELDS, "is_active") if input.get(key) is not None}
        for key in ("billing_address", "shipping_address"):
            if key in values:
                values[key] = _address(values[key])
        client = access.client_update(client=client, webhook_secret_rotate=bool(input.get("webhook_secret_rotate")),
                                      actor=actor(info), **values)
        return cls(client=new_batch([client], info)[0])


class OemClientMemberAdd(StaffMutation):
    client = graphene.Field(OemClient)

    class Arguments:
        client = graphene.ID(required=True)
        email = graphene.String(required=True, description="The user's email (an existing account).")
        role = OemClientRoleEnum(description="Default: MEMBER.")

    class Meta:
        description = "Let a user act for a client (a user belongs to one client at most)."

    @classmethod
    def perform_mutation(cls, _root, info, *, client, email, role=None):
        found = in_scope(m.OemClient.objects.all(), client, "OemClient", "client", "a client")
        user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
        if user is None:
            raise oem_error("email", "No user has this email.", Code.NOT_FOUND)
        access.member_add(client=found, user=user, role=role or m.OemClientRole.MEMBER, actor=actor(info))
        return cls(client=new_batch([found], info)[0])


# --- quotes --------------------------------------------------------------------------------------


class OemPriceTierInput(graphene.InputObjectType):
    min_quantity = graphene.Int(required=True)
    unit_price = graphene.Decimal(required=True, description="Excluding VAT.")


class OemQuoteCreateInput(graphene.InputObjectType):
    variant = graphene.ID(required=True, description="What the groups make (the nearest variant for a custom spec).")
    description = graphene.String(required=True)
    quantity = graphene.Int(description="Default: the request's quantity.")
    minimum_order_quantity = graphene.Int(required=True)
    tiers = graphene.List(graphene.NonNull(OemPriceTierInput), required=True)
    lead_time_days = graphene.Int(required=True)
    valid_until = graphene.Date(description="Default: OEM_QUOTE_VALID_DAYS from today.")
    deposit_percent = graphene.Decimal()
    payment_terms = graphene.String()
    invoice_due_days = graphene.Int()
    over_delivery_percent = graphene.Decimal()
    note = graphene.String()


class OemQuoteCreate(StaffMutation):
    quote = graphene.Field(OemQuote)

    class Arguments:
        request_id = graphene.ID(required=True, description="The request for quote answered.")
        input = OemQuoteCreateInput(required=True)

    class Meta:
        description = "Quote a request: price tiers, minimum, lead time, validity and payment schedule."

    @classmethod
    def perform_mutation(cls, _root, info, *, request_id, input):
        request = in_scope(m.QuoteRequest.objects.all(), request_id, "OemQuoteRequest", "request_id",
                           "a request for quote")
        variant = ProductVariantModel.objects.filter(pk=pk_of(input["variant"], "ProductVariant", pk_type=int)).first()
        if variant is None:
            raise oem_error("variant", "Couldn't resolve to a product variant.", Code.NOT_FOUND)
        optional = {key: input[key] for key in ("valid_until", "deposit_percent", "invoice_due_days",
                                                 "over_delivery_percent") if input.get(key) is not None}
        quote = quotes.quote_create(
            request=request, variant=variant, description=input["description"], quantity=input.get("quantity"),
            minimum_order_quantity=input["minimum_order_quantity"],
            tiers=[(tier["min_quantity"], tier["unit_price"]) for tier in input["tiers"]],
            lead_time_days=input["lead_time_days"], payment_terms=input.get("payment_terms") or "",
            note=input.get("note") or "", actor=actor(info), **optional,
        )
        return cls(quote=new_batch([quote], info)[0])


# --- contract status ------------------------------------------------------------------------------


class OemContractStatusUpdate(StaffMutation):
    contract = graphene.Field(OemContract)

    class Arguments:
        id = graphene.ID(required=True)
        status = OemContractStatusEnum(required=True, description="To cancel, use oemContractCancel.")
        reason = graphene.String()

    class Meta:
        description = "Move a contract to another status (the transition table and its guards apply)."

    @classmethod
    def perform_mutation(cls, _root, info, *, id, status, reason=""):
        contract = _contract(id)
        contracts.contract_status_change(contract_id=contract.pk, to_status=status, actor=actor(info),
                                         reason=reason or "")
        return cls(contract=contract_answer(info, contract.pk))


class OemContractCancel(StaffMutation):
    contract = graphene.Field(OemContract)

    class Arguments:
        id = graphene.ID(required=True)
        fault = OemCancellationFaultEnum(required=True, description="Who caused it: decides whether groups are paid.")
        reason = graphene.String(required=True)

    class Meta:
        description = "Cancel an open contract; unless the producers were at fault, groups are paid for work done."

    @classmethod
    def perform_mutation(cls, _root, info, *, id, fault, reason):
        contract = _contract(id)
        contracts.contract_cancel(contract_id=contract.pk, fault=fault, reason=reason, actor=actor(info))
        return cls(contract=contract_answer(info, contract.pk))


# --- allocation -----------------------------------------------------------------------------------


class OemAllocationsPropose(StaffMutation):
    contract = graphene.Field(OemContract)
    allocations = graphene.List(graphene.NonNull(OemAllocation), description="The live allocations.")

    class Arguments:
        contract_id = graphene.ID(required=True)

    class Meta:
        description = "Share a contract among the groups that make its variant, within their capacity and terms."

    @classmethod
    def perform_mutation(cls, _root, info, *, contract_id):
        contract = _contract(contract_id, "contract_id")
        rows = allocation.allocation_propose(contract=contract, actor=actor(info))
        return cls(contract=contract_answer(info, contract.pk), allocations=new_batch(rows, info))


class OemAllocationInput(graphene.InputObjectType):
    group_id = graphene.ID(required=True, description="The producer group.")
    quantity = graphene.Int(required=True)
    producer_unit_price = graphene.Decimal(description="Default: the group's fair-trade terms in force.")
    materials_cost = graphene.Decimal()
    labour_minutes = graphene.Decimal()
    premium_percent = graphene.Decimal()


class OemAllocationsSet(StaffMutation):
    contract = graphene.Field(OemContract)
    allocations = graphene.List(graphene.NonNull(OemAllocation), description="The live allocations.")

    class Arguments:
        contract_id = graphene.ID(required=True)
        allocations = graphene.List(graphene.NonNull(OemAllocationInput), required=True)

    class Meta:
        description = "Set the groups' shares (they must add up to the contract's quantity; prices pass the floor)."

    @classmethod
    def perform_mutation(cls, _root, info, *, contract_id, allocations):
        contract = _contract(contract_id, "contract_id")
        parts = []
        for item in allocations:
            group = in_scope(ProducerGroupModel.objects.filter(is_active=True), item["group_id"], "ProducerGroup",
                             "allocations", "a producer group", pk_type=int)
            parts.append(allocation.AllocationPart(
                group=group, quantity=item["quantity"], producer_unit_price=item.get("producer_unit_price"),
                materials_cost=item.get("materials_cost"), labour_minutes=item.get("labour_minutes"),
                premium_percent=item.get("premium_percent"),
            ))
        rows = allocation.allocations_set(contract=contract, parts=parts, actor=actor(info))
        return cls(contract=contract_answer(info, contract.pk), allocations=new_batch(rows, info))


# --- production -------------------------------------------------------------------------------------


class OemInspectionCheckInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    kind = OemCheckKindEnum(required=True)
    unit = graphene.String()
    min_value = graphene.Decimal()
    max_value = graphene.Decimal()
    measured_value = graphene.Decimal(description="MEASURE checks.")
    passed = graphene.Boolean(description="PASS_FAIL checks.")


class OemInspectionRecordInput(graphene.InputObjectType):
    allocation_id = graphene.ID(required=True)
    batch_quantity = graphene.Int(required=True)
    sample_size = graphene.Int(required=True)
    checks = graphene.List(graphene.NonNull(OemInspectionCheckInput), required=True)
    photos = graphene.List(graphene.NonNull(Upload), description="JPEG, PNG or WebP images.")
    note = graphene.String()


class OemInspectionRecord(StaffMutation):
    inspection = graphene.Field(OemInspection)
    contract = graphene.Field(OemContract)

    class Arguments:
        input = OemInspectionRecordInput(required=True)

    class Meta:
        description = "Record a quality inspection of a group's batch (with photos sent as multipart uploads)."

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        target = _allocation(input["allocation_id"], "allocation_id")
        checks = [
            production.CheckInput(
                name=check["name"], kind=check["kind"], unit=check.get("unit") or "",
                min_value=check.get("min_value"), max_value=check.get("max_value"),
                measured_value=check.get("measured_value"), passed=check.get("passed"),
            )
            for check in input["checks"]
        ]
        inspection = production.inspection_record(
            allocation_id=target.pk, batch_quantity=input["batch_quantity"], sample_size=input["sample_size"],
            checks=checks, photos=tuple(input.get("photos") or ()), note=input.get("note") or "", actor=actor(info),
        )
        inspection = m.Inspection.objects.select_related("allocation__group").get(pk=inspection.pk)
        return cls(inspection=new_batch([inspection], info)[0], contract=contract_answer(info, target.contract_id))


class OemShipmentLineInput(graphene.InputObjectType):
    allocation_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class OemShipmentCreateInput(graphene.InputObjectType):
    lines = graphene.List(graphene.NonNull(OemShipmentLineInput), required=True)
    carrier = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    delivery_note = graphene.String(description="Delivery document number.")


class OemShipmentCreate(StaffMutation):
    shipment = graphene.Field(OemShipment)
    contract = graphene.Field(OemContract)

    class Arguments:
        contract_id = graphene.ID(required=True)
        input = OemShipmentCreateInput(required=True)

    class Meta:
        description = "Send inspected units to the client (the groups' shares are posted; delivery invoices the balance)."

    @classmethod
    def perform_mutation(cls, _root, info, *, contract_id, input):
        contract = _contract(contract_id, "contract_id")
        lines = []
        for line in input["lines"]:
            target = in_scope(m.Allocation.objects.filter(contract=contract), line["allocation_id"], "OemAllocation",
                              "lines", "an allocation of this contract")
            lines.append((target.pk, line["quantity"]))
        shipment = production.shipment_create(
            contract_id=contract.pk, lines=lines, carrier=input["carrier"], tracking_number=input["tracking_number"],
            delivery_note=input.get("delivery_note") or "", actor=actor(info),
        )
        return cls(shipment=new_batch([shipment], info)[0], contract=contract_answer(info, contract.pk))


# --- payments -----------------------------------------------------------------------------------------


class OemInvoiceBankTransferRecord(StaffMutation):
    invoice = graphene.Field(OemInvoice)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the invoice.")
        amount = graphene.Decimal(required=True, description="The amount received: the invoice's total.")
        reference = graphene.String(required=True, description="The bank's reference of the transfer.")
        paid_at = graphene.DateTime(description="Default: now.")

    class Meta:
        description = "Record a bank transfer that paid an invoice in full (posts the payment to the ledger)."

    @classmethod
    def perform_mutation(cls, _root, info, *, id, amount, reference, paid_at=None):
        invoice = in_scope(m.Invoice.objects.all(), id, "OemInvoice", "id", "an invoice")
        invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount=amount, reference=reference,
                                              paid_at=paid_at, actor=actor(info))
        return cls(invoice=new_batch([m.Invoice.objects.get(pk=invoice.pk)], info)[0])


class Mutations(graphene.ObjectType):
    oem_client_create = OemClientCreate.Field()
    oem_client_update = OemClientUpdate.Field()
    oem_client_member_add = OemClientMemberAdd.Field()
    oem_quote_create = OemQuoteCreate.Field()
    oem_contract_status_update = OemContractStatusUpdate.Field()
    oem_contract_cancel = OemContractCancel.Field()
    oem_allocations_propose = OemAllocationsPropose.Field()
    oem_allocations_set = OemAllocationsSet.Field()
    oem_inspection_record = OemInspectionRecord.Field()
    oem_shipment_create = OemShipmentCreate.Field()
    oem_invoice_bank_transfer_record = OemInvoiceBankTransferRecord.Field()
