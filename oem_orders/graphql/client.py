"""The client API: what a brand company (its API token, ``Authorization: Bearer hnoem_...``, or a
logged-in member) reads and does.  Staff with MANAGE_ORDERS read every client's objects too.

Scope comes from ``oem_orders.selectors`` only: another client's object is "not
found" (null for a query, NOT_FOUND for a mutation), so ids do not leak; callers
who are no client's (anonymous, shoppers, producer-group members) get
``PermissionDenied`` for the lists.  A bad token is a top-level error
(``TOKEN_INVALID`` / ``TOKEN_EXPIRED`` / ``TOKEN_REVOKED``) as soon as the caller matters.
"""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.db.models import Q

from oem_orders import access, invoices, production, quotes, selectors
from oem_orders import models as m
from oem_orders.error_codes import OemErrorCode as Code
from oem_orders.error_codes import oem_error
from shop.graphql.core.batching import new_batch
from shop.graphql.core.connection import ConnectionField, paginate
from shop.graphql.core.errors import PermissionDenied
from shop.graphql.core.mutations import BaseMutation
from shop.graphql.core.scalars import Upload

from .errors import OemError, in_scope, pk_of
from .types import (
    OemApiToken,
    OemClient,
    OemContract,
    OemContractStatusEnum,
    OemInvoice,
    OemMe,
    OemQuote,
    OemQuoteRequest,
    OemQuoteRequestStatusEnum,
    OemQuoteStatusEnum,
)


def caller_client(info):
    """The caller's client (checking a token now), or None."""
    return selectors.oem_client_of(info.context)


def require_reader(info) -> None:
    """A client's caller or OEM staff; PermissionDenied for everyone else."""
    if caller_client(info) is None and not selectors.is_oem_staff(_user(info)):
        raise PermissionDenied("Only OEM clients (their API tokens and members) and staff see OEM orders.")


def require_client(info) -> m.OemClient:
    client = caller_client(info)
    if client is None:
        raise PermissionDenied("Act for an OEM client: send its API token or log in as its member.")
    return client


def _user(info):
    return getattr(info.context, "user", None)


def actor(info):
    return selectors.oem_actor(info.context)


def contracts_page_queryset(qs):
    """Contracts with the to-one rows every page needs (lists are batched by the types)."""
    return qs.select_related("client", "quote", "variant")


# --- queries --------------------------------------------------------------------------------


class OemQuoteRequestFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(OemQuoteRequestStatusEnum))
    search = graphene.String(description="Part of the number, the specification or the note.")


class OemQuoteFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(OemQuoteStatusEnum))
    search = graphene.String(description="Part of the number or the description.")


class OemContractFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(OemContractStatusEnum))
    search = graphene.String(description="Part of the number or the description.")


def _filtered(qs, filter, *search_fields):
    filter = filter or {}
    if filter.get("status"):
        qs = qs.filter(status__in=filter["status"])
    search = (filter.get("search") or "").strip()
    if search:
        condition = Q()
        for field in search_fields:
            condition |= Q(**{f"{field}__icontains": search})
        qs = qs.filter(condition)
    return qs


def _one(info, queryset, global_id, type_name):
    found = queryset.filter(pk=pk_of(global_id, type_name)).first()
    return new_batch([found], info)[0] if found else None


class Queries(graphene.ObjectType):
    oem_me = graphene.Field(
        OemMe, description="The OEM client the caller acts for (null: none), with its API tokens for its admins."
    )
    oem_quote_requests = ConnectionField(
        OemQuoteRequest, filter=OemQuoteRequestFilterInput(), description="The client's requests for quote, newest first."
    )
    oem_quote_request = graphene.Field(OemQuoteRequest, id=graphene.ID(required=True))
    oem_quotes = ConnectionField(OemQuote, filter=OemQuoteFilterInput(), description="The client's quotes, newest first.")
    oem_quote = graphene.Field(OemQuote, id=graphene.ID(required=True))
    oem_contracts = ConnectionField(
        OemContract, filter=OemContractFilterInput(), description="The client's contracts, newest first."
    )
    oem_contract = graphene.Field(OemContract, id=graphene.ID(required=True))

    @staticmethod
    def resolve_oem_me(_root, info):
        client = caller_client(info)
        if client is None:
            return None
        request = info.context
        token = getattr(request, "oem_token", None)
        role = None
        if token is None:
            role = m.OemClientMember.objects.filter(user=_user(info), client=client).values_list("role", flat=True).first()
        return OemMe(client=new_batch([client], info)[0], role=role, token=token,
                     can_manage_tokens=selectors.can_manage_tokens(request, client))

    @staticmethod
    def resolve_oem_quote_requests(_root, info, filter=None, **page):
        require_reader(info)
        qs = _filtered(selectors.quote_requests_for(info.context), filter, "number", "custom_spec", "note")
        return paginate(qs, info, sort_fields=["created_at"], descending=True, name="oemQuoteRequests", **page)

    @staticmethod
    def resolve_oem_quote_request(_root, info, id):
        return _one(info, selectors.quote_requests_for(info.context), id, "OemQuoteRequest")

    @staticmethod
    def resolve_oem_quotes(_root, info, filter=None, **page):
        require_reader(info)
        qs = _filtered(selectors.quotes_for(info.context), filter, "number", "description")
        return paginate(qs, info, sort_fields=["created_at"], descending=True, name="oemQuotes", **page)

    @staticmethod
    def resolve_oem_quote(_root, info, id):
        return _one(info, selectors.quotes_for(info.context), id, "OemQuote")

    @staticmethod
    def resolve_oem_contracts(_root, info, filter=None, **page):
        require_reader(info)
        qs = _filtered(selectors.contracts_for(info.context), filter, "number", "description")
        return paginate(contracts_page_queryset(qs), info, sort_fields=["created_at"], descending=True,
                        name="oemContracts", **page)

    @staticmethod
    def resolve_oem_contract(_root, info, id):
        return _one(info, contracts_page_queryset(selectors.contracts_for(info.context)), id, "OemContract")


# --- mutations -------------------------------------------------------------------------------


def contract_answer(info, contract_id):
    contract = contracts_page_queryset(m.Contract.objects).get(pk=contract_id)
    return new_batch([contract], info)[0]


class OemQuoteRequestCreateInput(graphene.InputObjectType):
    variant = graphene.ID(description="A catalog variant (or describe the goods in customSpec).")
    custom_spec = graphene.String(description="The goods, when they are not a catalog variant.")
    quantity = graphene.Int(required=True)
    target_delivery_date = graphene.Date(required=True)
    sample_wanted = graphene.Boolean(description="A pre-production sample to approve first (default: no).")
    note = graphene.String()
    attachments = graphene.List(graphene.NonNull(Upload), description="Images (JPEG, PNG, WebP) or PDFs.")


class OemQuoteRequestCreate(BaseMutation):
    quote_request = graphene.Field(OemQuoteRequest)

    class Arguments:
        input = OemQuoteRequestCreateInput(required=True)

    class Meta:
        description = "A client asks for a quote (with files sent as multipart uploads)."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        client = require_client(info)
        variant = None
        if input.get("variant"):
            from shop.catalog.models import ProductVariant

            variant = ProductVariant.objects.filter(pk=pk_of(input["variant"], "ProductVariant", pk_type=int)).first()
            if variant is None:
                raise oem_error("variant", "Couldn't resolve to a product variant.", Code.NOT_FOUND)
        request = quotes.quote_request_create(
            client=client, variant=variant, custom_spec=input.get("custom_spec") or "", quantity=input["quantity"],
            target_delivery_date=input["target_delivery_date"], sample_wanted=bool(input.get("sample_wanted")),
            note=input.get("note") or "", attachments=tuple(input.get("attachments") or ()), actor=actor(info),
        )
        return cls(quote_request=new_batch([request], info)[0])


def _quote_in_scope(info, global_id):
    require_client_or_staff(info)
    return in_scope(selectors.quotes_for(info.context), global_id, "OemQuote", "id", "a quote")


def require_client_or_staff(info):
    require_reader(info)


class OemQuoteAccept(BaseMutation):
    contract = graphene.Field(OemContract)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the quote.")
        quantity = graphene.Int(description="Units to order (default: the quantity quoted for; at least the minimum).")

    class Meta:
        description = "The client accepts a quote: it becomes a contract (the deposit is invoiced)."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, quantity=None):
        quote = _quote_in_scope(info, id)
        contract = quotes.quote_accept(quote_id=quote.pk, client=quote.client, quantity=quantity, actor=actor(info))
        return cls(contract=contract_answer(info, contract.pk))


class OemQuoteDecline(BaseMutation):
    quote = graphene.Field(OemQuote)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the quote.")
        reason = graphene.String(required=True)

    class Meta:
        description = "The client declines a quote, saying why."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, reason):
        quote = _quote_in_scope(info, id)
        quotes.quote_decline(quote_id=quote.pk, client=quote.client, reason=reason, actor=actor(info))
        return cls(quote=new_batch([m.Quote.objects.get(pk=quote.pk)], info)[0])


class OemSampleApprove(BaseMutation):
    contract = graphene.Field(OemContract)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the contract.")
        approved = graphene.Boolean(required=True, description="True: approve the sample; false: reject it.")
        comments = graphene.String(description="Required when rejecting: what must change.")

    class Meta:
        description = "The client approves or rejects the pre-production sample."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, approved, comments=""):
        require_reader(info)
        contract = in_scope(selectors.contracts_for(info.context), id, "OemContract", "id", "a contract")
        decision = m.SampleDecision.APPROVED if approved else m.SampleDecision.REJECTED
        production.sample_review(contract_id=contract.pk, decision=decision, comments=comments or "",
                                 actor=actor(info))
        return cls(contract=contract_answer(info, contract.pk))


def invoices_for(info):
    return m.Invoice.objects.filter(contract__in=selectors.contracts_for(info.context))


class OemInvoiceCardPaymentStart(BaseMutation):
    invoice = graphene.Field(OemInvoice)
    payment_intent_id = graphene.String(description="The Stripe PaymentIntent.")
    client_secret = graphene.String(description="For Stripe.js to confirm the payment.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the invoice.")

    class Meta:
        description = "Pay an invoice by card: a Stripe PaymentIntent for its total."
        error_type_class = OemError

    @classmethod
    def mutate(cls, root, info, **data):
        # Not inside one transaction: the service calls Stripe between two short transactions of
        # its own, so no row lock is held over the network.
        try:
            return cls.perform_mutation(root, info, **data)
        except ValidationError as error:
            return cls.error_response(error)

    @classmethod
    def perform_mutation(cls, _root, info, *, id):
        require_reader(info)
        invoice = in_scope(invoices_for(info), id, "OemInvoice", "id", "an invoice")
        intent_id, secret = invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=actor(info))
        return cls(invoice=new_batch([m.Invoice.objects.get(pk=invoice.pk)], info)[0], payment_intent_id=intent_id,
                   client_secret=secret, errors=[])


def _token_client(info, client_id):
    """The client whose tokens are managed: staff name it; a member manages their own (an id of another
    client is NOT_FOUND).  PermissionDenied for callers who may not manage tokens."""
    user = _user(info)
    if selectors.is_oem_staff(user) and getattr(info.context, "oem_token", None) is None:
        if not client_id:
            raise oem_error("client", "Say which client.", Code.REQUIRED)
        return in_scope(m.OemClient.objects.all(), client_id, "OemClient", "client", "a client")
    client = caller_client(info)
    if client is None or not selectors.can_manage_tokens(info.context, client):
        raise PermissionDenied("Only the client's administrators and staff manage its API tokens.")
    if client_id and pk_of(client_id, "OemClient") != client.pk:
        raise oem_error("client", "Couldn't resolve to a client.", Code.NOT_FOUND)
    return client


class OemApiTokenCreateInput(graphene.InputObjectType):
    client = graphene.ID(description="The client (staff; a client's admin may leave it out).")
    name = graphene.String(required=True, description="What uses the token.")
    expires_at = graphene.DateTime(description="Default: in OEM_TOKEN_DEFAULT_DAYS days; at most 2 years.")


class OemApiTokenCreate(BaseMutation):
    api_token = graphene.Field(OemApiToken)
    token = graphene.String(description="The token: shown this once, never again.")

    class Arguments:
        input = OemApiTokenCreateInput(required=True)

    class Meta:
        description = "A new API token for a client (its administrators, or staff with MANAGE_ORDERS)."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        client = _token_client(info, input.get("client"))
        token, raw = access.token_create(client=client, name=input["name"], expires_at=input.get("expires_at"),
                                         actor=actor(info))
        return cls(api_token=token, token=raw)


class OemApiTokenRevoke(BaseMutation):
    api_token = graphene.Field(OemApiToken)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the token.")

    class Meta:
        description = "Revoke an API token at once (its client's administrators, or staff with MANAGE_ORDERS)."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, id):
        token_pk = pk_of(id, "OemApiToken")
        user = _user(info)
        if selectors.is_oem_staff(user) and getattr(info.context, "oem_token", None) is None:
            client = None
        else:
            client = caller_client(info)
            if client is None or not selectors.can_manage_tokens(info.context, client):
                raise PermissionDenied("Only the client's administrators and staff manage its API tokens.")
        token = access.token_revoke(token_id=token_pk, client=client, actor=actor(info))
        return cls(api_token=token)


class Mutations(graphene.ObjectType):
    oem_quote_request_create = OemQuoteRequestCreate.Field()
    oem_quote_accept = OemQuoteAccept.Field()
    oem_quote_decline = OemQuoteDecline.Field()
    oem_sample_approve = OemSampleApprove.Field()
    oem_invoice_card_payment_start = OemInvoiceCardPaymentStart.Field()
    oem_api_token_create = OemApiTokenCreate.Field()
    oem_api_token_revoke = OemApiTokenRevoke.Field()


TYPES: list = [OemClient]
