"""GraphQL types of OEM work (our additions to Saleor's schema; every name starts with ``Oem``).

Lists inside an object (a contract's milestones, allocations, inspections,
shipments, invoices, events; a quote's tiers...) are loaded for the whole page
at once through ``shop.graphql.core.batching``: the number of SQL queries of a
request does not grow with the number of contracts on the page.

Privacy inside a contract: clients see which groups make their goods and how
far they are, never what the groups are paid (``producerUnitPrice`` and the
other terms answer null unless the caller is OEM staff or a member of that group).
"""

from __future__ import annotations

import graphene
from django.db.models import Prefetch
from prices import Money as PricesMoney

from cooperatives.graphql.types import ProducerGroup, my_roles
from oem_orders import models
from shop.graphql.catalog.types.products import ProductVariant
from shop.graphql.core.batching import batch_of
from shop.graphql.core.types import Money, ThumbnailFormatEnum, money_field
from shop.thumbnail.utils import thumbnail_urls


def _enum(name, choices, description):
    return graphene.Enum(name, [(c.name, c.value) for c in choices], description=description)


OemClientRoleEnum = _enum("OemClientRoleEnum", models.OemClientRole, "Role of a person in a client company.")
OemQuoteRequestStatusEnum = _enum("OemQuoteRequestStatusEnum", models.QuoteRequestStatus, "Status of a request for quote.")
OemQuoteStatusEnum = _enum("OemQuoteStatusEnum", models.QuoteStatus, "Status of a quote.")
OemContractStatusEnum = _enum("OemContractStatusEnum", models.ContractStatus, "Status of an OEM contract.")
OemSampleStatusEnum = _enum("OemSampleStatusEnum", models.SampleStatus, "The pre-production sample's status.")
OemCancellationFaultEnum = _enum("OemCancellationFaultEnum", models.CancellationFault, "Who caused a cancellation.")
OemAllocationStatusEnum = _enum("OemAllocationStatusEnum", models.AllocationStatus, "A producer group's answer.")
OemMilestoneKindEnum = _enum("OemMilestoneKindEnum", models.MilestoneKind, "Kind of a contract milestone.")
OemInspectionResultEnum = _enum("OemInspectionResultEnum", models.InspectionResult, "Result of an inspection.")
OemCheckKindEnum = _enum("OemCheckKindEnum", models.CheckKind, "Kind of an inspection check.")
OemInvoiceKindEnum = _enum("OemInvoiceKindEnum", models.InvoiceKind, "What an invoice bills.")
OemInvoiceStatusEnum = _enum("OemInvoiceStatusEnum", models.InvoiceStatus, "Status of an invoice.")
OemPaymentMethodEnum = _enum("OemPaymentMethodEnum", models.PaymentMethod, "How an invoice was paid.")


def _choice(enum, attribute: str, *, required: bool = True, description: str | None = None) -> graphene.Field:
    """An enum field read from a model's choice (a plain or TextChoices value; blank is null)."""

    def resolve(root, _info):
        value = getattr(root, attribute)
        return str(value) if value else None

    return graphene.Field(enum, required=required, description=description, resolver=resolve)


def _float(value):
    return None if value is None else float(value)


def _thb(amount, currency="THB"):
    return None if amount is None else PricesMoney(amount, currency)


def _list(root, key: str, lookup: str, queryset=None):
    """A to-many relation of ``root``, prefetched for every object of its batch (one query)."""
    attr = f"_oem_{key}"
    batch_of(root).related_list(key, Prefetch(lookup, queryset=queryset, to_attr=attr), attr)
    return getattr(root, attr)


def _one(root, field: str):
    batch_of(root).related_one(field, field)
    return getattr(root, field)


def _absolute(info, url: str) -> str:
    build = getattr(info.context, "build_absolute_uri", None)
    return build(url) if build and url.startswith("/") else url


def _file_urls(root, info, attribute: str, size, format, *, images_only: bool):
    """URL (size None) or thumbnail URL of ``root.<attribute>`` for the whole batch, one query at most."""

    def load(items):
        names = [getattr(item, attribute).name for item in items if not images_only or item.is_image]
        return thumbnail_urls(names, size, format, build_absolute=lambda url: _absolute(info, url))

    return batch_of(root).load(("file-urls", attribute, size, format), load)


def _is_staff(info) -> bool:
    from oem_orders.selectors import is_oem_staff

    cache = info.context.__dict__
    if "_oem_is_staff" not in cache:
        cache["_oem_is_staff"] = is_oem_staff(getattr(info.context, "user", None))
    return cache["_oem_is_staff"]


def _sees_terms(info, allocation) -> bool:
    """Staff, and members of the allocation's group, see what the group is paid."""
    return _is_staff(info) or allocation.group_id in my_roles(info)


# --- clients and tokens -------------------------------------------------------------------


class OemApiToken(graphene.ObjectType):
    name = graphene.String(required=True)
    last4 = graphene.String(required=True, description="The token's last 4 characters (to recognise it).")
    expires_at = graphene.DateTime(required=True)
    revoked_at = graphene.DateTime()
    last_used_at = graphene.DateTime()
    created_at = graphene.DateTime(required=True)
    is_active = graphene.Boolean(required=True, description="Neither revoked nor expired.")

    class Meta:
        description = "An API token of a client (the token itself is shown once, when it is created)."
        interfaces = (graphene.relay.Node,)


class OemClient(graphene.ObjectType):
    name = graphene.String(required=True, description="Registered company name, as printed on tax invoices.")
    country = graphene.String(required=True)
    tax_id = graphene.String(required=True)
    branch_code = graphene.String(required=True)
    contact_name = graphene.String(required=True)
    contact_email = graphene.String(required=True)
    contact_phone = graphene.String(required=True)
    webhook_url = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    created_at = graphene.DateTime(required=True)
    tokens = graphene.List(
        graphene.NonNull(OemApiToken),
        description="The client's API tokens, newest first: for its administrators and staff (null for others).",
    )

    class Meta:
        description = "A brand company that orders goods made to its specification (HomeNet addition)."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_tokens(root, info):
        from oem_orders.selectors import can_manage_tokens

        if not can_manage_tokens(info.context, root):
            return None
        return list(root.tokens.order_by("-created_at", "pk"))


class OemMe(graphene.ObjectType):
    client = graphene.Field(OemClient, required=True)
    role = _choice(OemClientRoleEnum, "role", required=False, description="The member's role; null when a token asks.")
    token = graphene.Field(OemApiToken, description="The API token that asks (null for a logged-in member).")
    can_manage_tokens = graphene.Boolean(required=True)

    class Meta:
        description = "Who is asking: the client company, and the member or API token acting for it."


# --- request for quote, quotes ----------------------------------------------------------------


class OemAttachment(graphene.ObjectType):
    name = graphene.String(required=True)
    content_type = graphene.String(required=True)
    size = graphene.Int(required=True, description="Bytes.")
    is_image = graphene.Boolean(required=True)
    url = graphene.String(required=True)
    thumbnail = graphene.String(
        size=graphene.Int(description="Size of the thumbnail (default 256)."),
        format=ThumbnailFormatEnum(description="Format of the thumbnail (default: the original's)."),
        description="URL of a thumbnail of an image attachment; null for a PDF.",
    )

    class Meta:
        description = "A file attached to a request for quote (image or PDF)."

    @staticmethod
    def resolve_url(root, info):
        return _file_urls(root, info, "file", None, None, images_only=False)[root.file.name]

    @staticmethod
    def resolve_thumbnail(root, info, size=256, format=None):
        if not root.is_image:
            return None
        return _file_urls(root, info, "file", size or 256, format, images_only=True).get(root.file.name)


class OemPriceTier(graphene.ObjectType):
    min_quantity = graphene.Int(required=True, description="The price holds from this quantity up.")
    unit_price = money_field("unit_price", "Unit price excluding VAT.", currency=lambda root: root.quote.currency)

    class Meta:
        description = "A quote's unit price from a quantity up."


class OemQuoteRequest(graphene.ObjectType):
    number = graphene.String(required=True)
    status = _choice(OemQuoteRequestStatusEnum, "status")
    variant = graphene.Field(ProductVariant, description="The catalog variant asked for (null: a custom specification).")
    custom_spec = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    target_delivery_date = graphene.Date(required=True)
    sample_wanted = graphene.Boolean(required=True)
    note = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    attachments = graphene.List(graphene.NonNull(OemAttachment), required=True)
    quotes = graphene.List(graphene.NonNull(lambda: OemQuote), required=True, description="Quotes answering it.")

    class Meta:
        description = "A client's request for quote (HomeNet addition)."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_variant(root, _info):
        return _one(root, "variant") if root.variant_id else None

    @staticmethod
    def resolve_attachments(root, _info):
        return _list(root, "attachments", "attachments")

    @staticmethod
    def resolve_quotes(root, _info):
        return _list(root, "quotes", "quotes", models.Quote.objects.order_by("-created_at", "pk"))


class OemQuote(graphene.ObjectType):
    number = graphene.String(required=True)
    status = _choice(OemQuoteStatusEnum, "status")
    request = graphene.Field(OemQuoteRequest, required=True)
    variant = graphene.Field(ProductVariant, required=True)
    description = graphene.String(required=True)
    quantity = graphene.Int(required=True, description="The quantity quoted for.")
    minimum_order_quantity = graphene.Int(required=True, description="The least quantity that may be ordered (MOQ).")
    lead_time_days = graphene.Int(required=True)
    valid_until = graphene.Date(required=True, description="Last day the quote may be accepted (Bangkok date).")
    is_expired = graphene.Boolean(required=True)
    currency = graphene.String(required=True)
    price_tiers = graphene.List(graphene.NonNull(OemPriceTier), required=True, description="Lowest quantity first.")
    unit_price = graphene.Field(
        Money, quantity=graphene.Int(description="Default: the quantity quoted for."),
        description="Unit price (excluding VAT) for a quantity; null below the minimum.",
    )
    deposit_percent = graphene.Float(required=True)
    payment_terms = graphene.String(required=True)
    invoice_due_days = graphene.Int(required=True)
    over_delivery_percent = graphene.Float(required=True)
    note = graphene.String(required=True)
    decline_reason = graphene.String(required=True)
    decided_at = graphene.DateTime()
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "HomeNet's answer to a request for quote: prices, minimum, lead time, validity, payment."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_request(root, _info):
        return _one(root, "request")

    @staticmethod
    def resolve_variant(root, _info):
        return _one(root, "variant")

    @staticmethod
    def resolve_is_expired(root, _info):
        return root.is_expired

    @staticmethod
    def resolve_price_tiers(root, _info):
        return _list(root, "tiers", "tiers", models.QuotePriceTier.objects.order_by("min_quantity"))

    @staticmethod
    def resolve_unit_price(root, info, quantity=None):
        quantity = root.quantity if quantity is None else quantity
        if quantity < root.minimum_order_quantity:
            return None
        tiers = [t for t in OemQuote.resolve_price_tiers(root, info) if t.min_quantity <= quantity]
        return _thb(tiers[-1].unit_price, root.currency) if tiers else None

    @staticmethod
    def resolve_deposit_percent(root, _info):
        return float(root.deposit_percent)

    @staticmethod
    def resolve_over_delivery_percent(root, _info):
        return float(root.over_delivery_percent)


# --- contract parts ------------------------------------------------------------------------------


class OemMilestone(graphene.ObjectType):
    kind = _choice(OemMilestoneKindEnum, "kind")
    producer_group = graphene.Field(ProducerGroup, description="The group, for a group's own milestone.")
    due_date = graphene.Date(required=True)
    completed_at = graphene.DateTime()
    is_late = graphene.Boolean(required=True, description="Past its due date and not done.")
    note = graphene.String(required=True)

    class Meta:
        description = "A dated step of a contract."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_producer_group(root, _info):
        return root.allocation.group if root.allocation_id else None

    @staticmethod
    def resolve_is_late(root, _info):
        return root.is_late


def _terms_field(attribute: str, description: str, *, money: bool = True):
    def resolve(root, info):
        if not _sees_terms(info, root):
            return None
        value = getattr(root, attribute)
        return _thb(value, "THB") if money else _float(value)

    kind = Money if money else graphene.Float
    return graphene.Field(kind, description=f"{description} Staff and the group's members only.", resolver=resolve)


class OemAllocation(graphene.ObjectType):
    producer_group = graphene.Field(ProducerGroup, required=True)
    status = _choice(OemAllocationStatusEnum, "status")
    quantity = graphene.Int(required=True, description="Units the group makes.")
    quantity_done = graphene.Int(required=True, description="Made (and not sent back by an inspection).")
    quantity_passed = graphene.Int(required=True, description="Passed quality inspection.")
    quantity_shipped = graphene.Int(required=True)
    progress = graphene.Float(required=True, description="Share of the units made, percent (0-100, one decimal).")
    ready_by = graphene.Date(required=True, description="The units must be made by this day.")
    contract_number = graphene.String(required=True)
    description = graphene.String(required=True, description="What is made (the contract's description).")
    variant = graphene.Field(ProductVariant, required=True)
    delivery_date = graphene.Date(required=True, description="The contract's delivery date.")
    producer_unit_price = _terms_field("producer_unit_price", "What the group is paid per unit.")
    materials_cost = _terms_field("materials_cost", "Materials for one unit.")
    labour_minutes = _terms_field("labour_minutes", "Minutes of work for one unit.", money=False)
    premium_percent = _terms_field("premium_percent", "Premium for the group fund, percent.", money=False)
    floor_unit_price = _terms_field("floor_unit_price", "The fair-wage floor the price was checked against.")
    decline_reason = graphene.String(required=True)
    milestones = graphene.List(graphene.NonNull(OemMilestone), required=True, description="The group's milestones.")

    class Meta:
        description = "One producer group's part of a contract."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_producer_group(root, _info):
        return _one(root, "group")

    @staticmethod
    def resolve_progress(root, _info):
        return round(100 * root.quantity_done / root.quantity, 1) if root.quantity else 0.0

    @staticmethod
    def resolve_contract_number(root, _info):
        return _one(root, "contract").number

    @staticmethod
    def resolve_description(root, _info):
        return _one(root, "contract").description

    @staticmethod
    def resolve_delivery_date(root, _info):
        return _one(root, "contract").delivery_date

    @staticmethod
    def resolve_variant(root, _info):
        contract = _one(root, "contract")
        batch_of(contract).related_one("variant", "variant")
        return contract.variant

    @staticmethod
    def resolve_milestones(root, _info):
        return _list(root, "milestones", "milestones", models.Milestone.objects.select_related("allocation__group"))


class OemInspectionCheck(graphene.ObjectType):
    name = graphene.String(required=True)
    kind = _choice(OemCheckKindEnum, "kind")
    unit = graphene.String(required=True)
    min_value = graphene.Float()
    max_value = graphene.Float()
    measured_value = graphene.Float()
    passed = graphene.Boolean(required=True)

    class Meta:
        description = "One check of an inspection."

    @staticmethod
    def resolve_min_value(root, _info):
        return _float(root.min_value)

    @staticmethod
    def resolve_max_value(root, _info):
        return _float(root.max_value)

    @staticmethod
    def resolve_measured_value(root, _info):
        return _float(root.measured_value)


class OemPhoto(graphene.ObjectType):
    url = graphene.String(required=True)
    thumbnail = graphene.String(
        required=True, size=graphene.Int(description="Size of the thumbnail (default 256)."),
        format=ThumbnailFormatEnum(description="Format of the thumbnail (default: the original's)."),
    )
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    caption = graphene.String(required=True)

    class Meta:
        description = "A photo taken during an inspection."

    @staticmethod
    def resolve_url(root, info):
        return _file_urls(root, info, "image", None, None, images_only=False)[root.image.name]

    @staticmethod
    def resolve_thumbnail(root, info, size=256, format=None):
        return _file_urls(root, info, "image", size or 256, format, images_only=False)[root.image.name]


class OemInspection(graphene.ObjectType):
    producer_group = graphene.Field(ProducerGroup, required=True)
    batch_quantity = graphene.Int(required=True)
    sample_size = graphene.Int(required=True)
    result = _choice(OemInspectionResultEnum, "result")
    note = graphene.String(required=True)
    inspected_at = graphene.DateTime(required=True)
    checks = graphene.List(graphene.NonNull(OemInspectionCheck), required=True)
    photos = graphene.List(graphene.NonNull(OemPhoto), required=True)

    class Meta:
        description = "A quality inspection of one group's batch."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_producer_group(root, _info):
        return root.allocation.group

    @staticmethod
    def resolve_checks(root, _info):
        return _list(root, "checks", "checks")

    @staticmethod
    def resolve_photos(root, _info):
        return _list(root, "photos", "photos")


class OemShipmentLine(graphene.ObjectType):
    producer_group = graphene.Field(ProducerGroup, required=True)
    quantity = graphene.Int(required=True)

    class Meta:
        description = "One group's units in a shipment."

    @staticmethod
    def resolve_producer_group(root, _info):
        return root.allocation.group


class OemShipment(graphene.ObjectType):
    number = graphene.Int(required=True, description="1, 2, ... within the contract.")
    carrier = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    delivery_note = graphene.String(required=True)
    shipped_at = graphene.DateTime(required=True)
    quantity = graphene.Int(required=True)
    lines = graphene.List(graphene.NonNull(OemShipmentLine), required=True)

    class Meta:
        description = "Goods sent to the client."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_lines(root, _info):
        return _list(root, "lines", "lines", models.ShipmentLine.objects.select_related("allocation__group"))

    @staticmethod
    def resolve_quantity(root, info):
        return sum(line.quantity for line in OemShipment.resolve_lines(root, info))


class OemInvoiceLine(graphene.ObjectType):
    description = graphene.String(required=True)
    quantity = graphene.Float(required=True)
    unit_price = money_field("unit_price", "Excluding VAT.", currency=lambda root: root.invoice.currency)
    amount = money_field("amount", "Excluding VAT.", currency=lambda root: root.invoice.currency)

    class Meta:
        description = "A line of an invoice."

    @staticmethod
    def resolve_quantity(root, _info):
        return float(root.quantity)


class OemInvoice(graphene.ObjectType):
    number = graphene.String(required=True, description="Sequential tax-invoice number.")
    kind = _choice(OemInvoiceKindEnum, "kind")
    status = _choice(OemInvoiceStatusEnum, "status")
    issue_date = graphene.Date(required=True)
    due_date = graphene.Date(required=True)
    is_overdue = graphene.Boolean(required=True, description="Issued, not paid and past its due date.")
    currency = graphene.String(required=True)
    subtotal = money_field("subtotal", "Excluding VAT.")
    vat_rate = graphene.Float(required=True, description="VAT percent in force on the issue date.")
    vat = money_field("vat_amount", "VAT, shown apart.")
    total = money_field("total", "Subtotal plus VAT.")
    seller_name = graphene.String(required=True)
    seller_tax_id = graphene.String(required=True)
    seller_branch = graphene.String(required=True, description="\"00000\" = head office.")
    seller_address = graphene.String(required=True)
    buyer_name = graphene.String(required=True)
    buyer_tax_id = graphene.String(required=True)
    buyer_branch = graphene.String(required=True)
    buyer_address = graphene.String(required=True)
    payment_method = _choice(OemPaymentMethodEnum, "payment_method", required=False)
    payment_reference = graphene.String(required=True)
    paid_at = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(OemInvoiceLine), required=True)

    class Meta:
        description = "A Thai full tax invoice of a contract (deposit, balance, or work done before cancellation)."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_is_overdue(root, _info):
        return root.is_overdue

    @staticmethod
    def resolve_vat_rate(root, _info):
        return float(root.vat_rate)


    @staticmethod
    def resolve_lines(root, _info):
        return _list(root, "lines", "lines")


# Events a client sees; the groups' side (allocations, their reports and advances) is staff's.
CLIENT_EVENT_TYPES = frozenset({
    "created", "status_changed", "sample_reviewed", "milestone_reached", "inspection_recorded", "shipment_sent",
    "invoice_issued", "invoice_paid", "invoice_card_payment_started", "invoice_card_payment_refused",
})


class OemContractEvent(graphene.ObjectType):
    date = graphene.DateTime(required=True)
    type = graphene.String(required=True)
    from_status = _choice(OemContractStatusEnum, "from_status", required=False)
    to_status = _choice(OemContractStatusEnum, "to_status", required=False)
    reason = graphene.String(required=True)
    by_api_token = graphene.Boolean(required=True, description="Done through one of the client's API tokens.")

    class Meta:
        description = "A change of a contract: what, when, from which status to which, and why."



    @staticmethod
    def resolve_by_api_token(root, _info):
        return root.token_id is not None


class OemContract(graphene.ObjectType):
    number = graphene.String(required=True)
    client = graphene.Field(OemClient, required=True)
    quote = graphene.Field(OemQuote, required=True)
    status = _choice(OemContractStatusEnum, "status")
    sample_status = _choice(OemSampleStatusEnum, "sample_status")
    variant = graphene.Field(ProductVariant, required=True)
    description = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    max_deliverable = graphene.Int(required=True, description="The quantity plus the over-delivery allowance.")
    currency = graphene.String(required=True)
    unit_price = money_field("unit_price", "Excluding VAT.")
    value = money_field("value", "Quantity times unit price, excluding VAT.")
    deposit_percent = graphene.Float(required=True)
    invoice_due_days = graphene.Int(required=True)
    lead_time_days = graphene.Int(required=True)
    delivery_date = graphene.Date(required=True)
    cancellation_fault = _choice(OemCancellationFaultEnum, "cancellation_fault", required=False)
    cancellation_reason = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    closed_at = graphene.DateTime()
    milestones = graphene.List(graphene.NonNull(OemMilestone), required=True)
    allocations = graphene.List(graphene.NonNull(OemAllocation), required=True)
    inspections = graphene.List(graphene.NonNull(OemInspection), required=True)
    shipments = graphene.List(graphene.NonNull(OemShipment), required=True)
    invoices = graphene.List(graphene.NonNull(OemInvoice), required=True)
    events = graphene.List(
        graphene.NonNull(OemContractEvent), required=True,
        description="Oldest first.  Clients see what concerns them; the groups' side (allocation, reports, "
                    "advances) is for staff.",
    )

    class Meta:
        description = "An accepted quote: what is made, by whom, how far it is, and what it costs (HomeNet addition)."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_client(root, _info):
        return _one(root, "client")

    @staticmethod
    def resolve_quote(root, _info):
        return _one(root, "quote")

    @staticmethod
    def resolve_variant(root, _info):
        return _one(root, "variant")

    @staticmethod
    def resolve_max_deliverable(root, _info):
        return root.max_deliverable

    @staticmethod
    def resolve_deposit_percent(root, _info):
        return float(root.deposit_percent)


    @staticmethod
    def resolve_milestones(root, _info):
        return _list(root, "milestones", "milestones", models.Milestone.objects.select_related("allocation__group"))

    @staticmethod
    def resolve_allocations(root, _info):
        return _list(root, "allocations", "allocations")

    @staticmethod
    def resolve_inspections(root, _info):
        return _list(root, "inspections", "inspections", models.Inspection.objects.select_related("allocation__group"))

    @staticmethod
    def resolve_shipments(root, _info):
        return _list(root, "shipments", "shipments")

    @staticmethod
    def resolve_invoices(root, _info):
        return _list(root, "invoices", "invoices")

    @staticmethod
    def resolve_events(root, info):
        events = _list(root, "events", "events")
        if _is_staff(info):
            return events
        return [event for event in events if event.type in CLIENT_EVENT_TYPES]


TYPES: list = [OemClient, OemApiToken, OemQuoteRequest, OemQuote, OemContract, OemAllocation, OemMilestone,
               OemInspection, OemShipment, OemInvoice]
