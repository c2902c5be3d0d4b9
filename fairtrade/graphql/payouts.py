"""Fair trade GraphQL: statements that pay the producer groups, and advances.

* Staff with MANAGE_ORDERS: ``fairTradeStatements``, ``fairTradePayables``, any
  ``fairTradeStatement``, and the mutations (generate, deduct, approve, pay,
  advance).
* Members of a producer group: ``myFairTradeStatements`` and
  ``fairTradeStatement`` of their own groups; another group's statement is not
  found (null), so its existence does not leak.
* Anyone else (anonymous, shoppers, staff without the permission): ``PermissionDenied``.

Mutations answer ``FairTradeError`` with a ``FairTradeErrorCode`` and write
nothing when they fail.
"""

from __future__ import annotations

import uuid

import graphene
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from prices import Money as PricesMoney

from cooperatives.graphql.types import ProducerGroup
from cooperatives.models import ProducerGroup as ProducerGroupModel
from cooperatives.selectors import groups_of_member
from fairtrade import advances, models, payouts
from fairtrade.error_codes import FairTradeErrorCode as Code
from fairtrade.error_codes import fair_trade_error
from shop.account.permissions import PermissionEnum, user_has_permissions
from shop.graphql.core.batching import batch_of, new_batch
from shop.graphql.core.connection import ConnectionField, paginate
from shop.graphql.core.errors import PermissionDenied, require_permissions
from shop.graphql.core.ids import from_global_id_or_error
from shop.graphql.core.mutations import BaseMutation
from shop.graphql.core.types import Money, money_field

from .errors import FairTradeError


def _enum(name, choices, description):
    return graphene.Enum(name, [(choice.name, choice.value) for choice in choices], description=description)


FairTradeStatementStatusEnum = _enum("FairTradeStatementStatusEnum", models.StatementStatus,
                                     "Where a statement is: draft, approved for payment, paid.")
FairTradeDeductionKindEnum = _enum("FairTradeDeductionKindEnum", models.DeductionKind,
                                   "Deductions the Homeworkers Protection Act allows (damage and late delivery "
                                   "only with the group's consent, at most 10 per cent of a payment together).")
FairTradeStatementLineKindEnum = _enum(
    "FairTradeStatementLineKindEnum", [models.JournalKind.SALE, models.JournalKind.CANCELLATION,
                                       models.JournalKind.REFUND], "What a statement line comes from.")
FairTradeStatementLineAccountEnum = _enum(
    "FairTradeStatementLineAccountEnum", [models.Account.PRODUCER_PAYABLE, models.Account.GROUP_FUND_PAYABLE],
    "Whom a statement line pays: the producers, or the group's fund (the premium).")


def _user(info):
    return getattr(info.context, "user", None)


def _logged_in(info):
    user = _user(info)
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in as a member of a producer group or as staff.")
    return user


def _is_manager(info) -> bool:
    return user_has_permissions(_user(info), [PermissionEnum.MANAGE_ORDERS])


def statements_visible_to(info) -> QuerySet[models.Statement]:
    """Staff managers: every statement; members: their groups'; anyone else: PermissionDenied."""
    user = _logged_in(info)
    if _is_manager(info):
        return models.Statement.objects.all()
    groups = groups_of_member(user)
    if not groups.exists():
        raise PermissionDenied("Only members of a producer group or order managers see statements.")
    return models.Statement.objects.filter(group__in=groups)


# --- types ---------------------------------------------------------------------------------


class FairTradeStatementLine(graphene.ObjectType):
    date = graphene.DateTime(required=True, description="When the amount became payable (delivery, or the "
                                                        "cancellation after work started), or was recorded.")
    order_number = graphene.String(description="Shop order number.")
    product_name = graphene.String(description="Product as the shopper bought it.")
    quantity = graphene.Int(description="Units of the group's part of the order line.")
    amount = graphene.Field(Money, required=True, description="What the line pays (negative: given back).")
    kind = graphene.Field(FairTradeStatementLineKindEnum, required=True)
    account = graphene.Field(FairTradeStatementLineAccountEnum, required=True)

    class Meta:
        description = "One amount a statement pays: a group's share of a sale, or of a refund or cancellation."

    @staticmethod
    def resolve_date(root, _info):
        sold = root.sold_line
        return sold.payable_from if sold is not None and sold.payable_from else root.occurred_at

    @staticmethod
    def resolve_order_number(root, _info):
        return str(root.sold_line.order.number) if root.sold_line_id else None

    @staticmethod
    def resolve_product_name(root, _info):
        if not root.sold_line_id:
            return None
        line = root.sold_line.order_line
        return line.translated_product_name or line.product_name

    @staticmethod
    def resolve_quantity(root, _info):
        return root.sold_line.quantity if root.sold_line_id else None

    @staticmethod
    def resolve_amount(root, _info):
        return PricesMoney(-root.amount, root.currency)

    @staticmethod
    def resolve_kind(root, _info):
        return root.kind

    @staticmethod
    def resolve_account(root, _info):
        return root.account


class FairTradeStatementDeduction(graphene.ObjectType):
    kind = graphene.Field(FairTradeDeductionKindEnum, required=True)
    amount = money_field("amount", "The amount deducted.", currency=lambda root: root.statement.currency)
    reason = graphene.String(required=True)
    consent_reference = graphene.String(required=True, description="The group's written consent (consented kinds).")
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "An amount deducted from a statement."


def _lines_of(statements) -> dict:
    """The entries of every statement of a page, with their sold lines, in one query."""
    entries = (models.LedgerEntry.objects.filter(statement_line__statement__in=statements)
               .select_related("sold_line__order", "sold_line__order_line", "statement_line").order_by("pk"))
    result: dict = {}
    for entry in entries:
        result.setdefault(entry.statement_line.statement_id, []).append(entry)
    return result


class FairTradeStatement(graphene.ObjectType):
    number = graphene.String(required=True, description="Sequential number, e.g. ST-2026-000001.")
    group = graphene.Field(ProducerGroup, required=True)
    period_start = graphene.Date(required=True)
    period_end = graphene.Date(required=True, description="Inclusive.")
    status = graphene.Field(FairTradeStatementStatusEnum, required=True)
    producer_amount = money_field("producer_amount", "The producers' earnings it pays.")
    premium_amount = money_field("premium_amount", "The fair-trade premium it pays into the group's fund.")
    advances_netted = money_field("advances_netted", "Advances paid earlier, taken back from the producers' part.")
    deductions_amount = money_field("deductions_amount", "Deductions (tax by law; damage or late delivery by consent).")
    net_amount = money_field("net_amount", "What is sent to the group.")
    due_date = graphene.Date(required=True, description="Pay by this date (prompt payment).")
    is_overdue = graphene.Boolean(required=True, description="Not paid and past its due date.")
    created_at = graphene.DateTime(required=True)
    approved_at = graphene.DateTime()
    paid_at = graphene.DateTime()
    paid_on = graphene.Date(description="The day the money was sent.")
    payment_reference = graphene.String(description="The bank's reference of the transfer.")
    lines = graphene.List(graphene.NonNull(FairTradeStatementLine), required=True)
    deductions = graphene.List(graphene.NonNull(FairTradeStatementDeduction), required=True)
    prompt_pay_payload = graphene.String(
        description="EMVCo PromptPay payload (the text of a QR code) paying the net to the group's PromptPay id; "
                    "null without an id or when there is nothing to send.")
    bank_csv = graphene.String(description="The statement as a row of the bank transfer file (staff only).")

    class Meta:
        description = "What a producer group is paid for a period: its earnings, advances netted, deductions, net."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_group(root, info):
        groups = batch_of(root).load("groups", lambda statements: {
            g.pk: g for g in new_batch(ProducerGroupModel.objects.filter(pk__in={s.group_id for s in statements}), info)})
        return groups[root.group_id]

    @staticmethod
    def resolve_status(root, _info):
        return root.status

    @staticmethod
    def resolve_is_overdue(root, _info):
        return root.is_overdue

    @staticmethod
    def resolve_lines(root, _info):
        return batch_of(root).load("lines", _lines_of).get(root.pk, [])

    @staticmethod
    def resolve_deductions(root, _info):
        def load(statements):
            result = {}
            deductions = models.StatementDeduction.objects.filter(statement__in=statements).select_related("statement")
            for deduction in deductions.order_by("pk"):
                result.setdefault(deduction.statement_id, []).append(deduction)
            return result

        return batch_of(root).load("deductions", load).get(root.pk, [])

    @staticmethod
    def resolve_prompt_pay_payload(root, info):
        group = FairTradeStatement.resolve_group(root, info)
        if not group.promptpay_id or root.net_amount <= 0 or root.status == models.StatementStatus.PAID:
            return None
        root.group = group
        return payouts.statement_promptpay_payload(root)

    @staticmethod
    def resolve_bank_csv(root, info):
        require_permissions(info, [PermissionEnum.MANAGE_ORDERS])
        root.group = FairTradeStatement.resolve_group(root, info)
        return payouts.statement_bank_csv([root])


class FairTradeGroupPayables(graphene.ObjectType):
    group = graphene.Field(ProducerGroup, required=True)
    producer_payable = graphene.Field(Money, required=True, description="Owed to the producers.")
    group_fund_payable = graphene.Field(Money, required=True, description="Owed to the group's fund (premium).")
    advances_outstanding = graphene.Field(Money, required=True, description="Advances the group owes back.")
    oldest_unpaid_since = graphene.DateTime(description="When the oldest amount no statement has taken became payable.")

    class Meta:
        description = "What the social enterprise owes one producer group."


class FairTradeAdvance(graphene.ObjectType):
    group = graphene.Field(ProducerGroup, required=True)
    reference_type = graphene.String(required=True)
    reference_id = graphene.String(required=True)
    allocation_value = money_field("allocation_value", "Value of the order the advance is for.")
    amount = money_field("amount", "The advance paid.")
    note = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "Money paid to a group before it makes an order; netted on its next statement."
        interfaces = (graphene.relay.Node,)


# --- queries -------------------------------------------------------------------------------


class FairTradeStatementFilterInput(graphene.InputObjectType):
    group = graphene.ID(description="Only this producer group's statements.")
    status = graphene.List(graphene.NonNull(FairTradeStatementStatusEnum))
    overdue = graphene.Boolean(description="Only statements past their due date and not paid (or only the others).")


def _filtered(qs: QuerySet, filter: dict | None) -> QuerySet:
    filter = filter or {}
    if filter.get("group"):
        qs = qs.filter(group_id=from_global_id_or_error(filter["group"], "ProducerGroup"))
    if filter.get("status"):
        qs = qs.filter(status__in=[getattr(s, "value", s) for s in filter["status"]])
    if filter.get("overdue") is not None:
        overdue = payouts.statements_overdue().values("pk")
        qs = qs.filter(pk__in=overdue) if filter["overdue"] else qs.exclude(pk__in=overdue)
    return qs


def _statement_pk(global_id):
    return from_global_id_or_error(global_id, "FairTradeStatement", pk_type=uuid.UUID)


class Queries(graphene.ObjectType):
    fair_trade_statements = ConnectionField(
        FairTradeStatement, filter=FairTradeStatementFilterInput(),
        description="Statements of every group, newest first. Requires MANAGE_ORDERS.",
    )
    my_fair_trade_statements = ConnectionField(
        FairTradeStatement, filter=FairTradeStatementFilterInput(),
        description="Statements of the logged-in member's producer groups, newest first.",
    )
    fair_trade_statement = graphene.Field(
        FairTradeStatement, id=graphene.ID(required=True),
        description="One statement: any for staff with MANAGE_ORDERS, a member's own group's otherwise.",
    )
    fair_trade_payables = graphene.List(
        graphene.NonNull(FairTradeGroupPayables), required=True,
        description="What is owed to each producer group and since when. Requires MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_fair_trade_statements(_root, info, filter=None, **page):
        require_permissions(info, [PermissionEnum.MANAGE_ORDERS])
        return paginate(_filtered(models.Statement.objects.all(), filter), info, sort_fields=["created_at"],
                        descending=True, name="fairTradeStatements", **page)

    @staticmethod
    def resolve_my_fair_trade_statements(_root, info, filter=None, **page):
        user = _logged_in(info)
        groups = groups_of_member(user)
        if not groups.exists():
            raise PermissionDenied("Only members of a producer group see their statements.")
        qs = _filtered(models.Statement.objects.filter(group__in=groups), filter)
        return paginate(qs, info, sort_fields=["created_at"], descending=True, name="myFairTradeStatements", **page)

    @staticmethod
    def resolve_fair_trade_statement(_root, info, id):
        found = statements_visible_to(info).filter(pk=_statement_pk(id)).first()
        return new_batch([found], info)[0] if found else None

    @staticmethod
    def resolve_fair_trade_payables(_root, info):
        require_permissions(info, [PermissionEnum.MANAGE_ORDERS])
        rows = payouts.payables_by_group()
        groups = {g.pk: g for g in new_batch(ProducerGroupModel.objects.filter(pk__in=[r.group_id for r in rows]), info)}
        return [
            FairTradeGroupPayables(
                group=groups[row.group_id], producer_payable=PricesMoney(row.producer_payable, "THB"),
                group_fund_payable=PricesMoney(row.group_fund_payable, "THB"),
                advances_outstanding=PricesMoney(row.advances_outstanding, "THB"),
                oldest_unpaid_since=row.oldest_payable_from,
            )
            for row in rows
        ]


# --- mutations -----------------------------------------------------------------------------


def _not_found(field: str, what: str) -> ValidationError:
    return fair_trade_error(field, f"Couldn't resolve to a {what}.", Code.NOT_FOUND)


class StatementMutation(BaseMutation):
    statement = graphene.Field(FairTradeStatement)

    class Meta:
        abstract = True

    @classmethod
    def get_statement(cls, global_id) -> models.Statement:
        statement = models.Statement.objects.filter(pk=_statement_pk(global_id)).first()
        if statement is None:
            raise _not_found("id", "statement")
        return statement

    @classmethod
    def answer(cls, info, statement, **extra):
        statement = models.Statement.objects.get(pk=statement.pk)
        return cls(statement=new_batch([statement], info)[0], **extra)


class FairTradeStatementGenerate(StatementMutation):
    class Arguments:
        group = graphene.ID(required=True, description="The producer group to pay.")
        period_start = graphene.Date(required=True)
        period_end = graphene.Date(required=True, description="Inclusive; what became payable by its end is paid.")

    class Meta:
        description = "Make a draft statement of everything payable to a group. Requires MANAGE_ORDERS."
        error_type_class = FairTradeError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, group, period_start, period_end):
        found = ProducerGroupModel.objects.filter(pk=from_global_id_or_error(group, "ProducerGroup")).first()
        if found is None:
            raise _not_found("group", "producer group")
        statement = payouts.statement_generate(group=found, period_start=period_start, period_end=period_end,
                                               user=info.context.user)
        return cls.answer(info, statement)


class FairTradeStatementDeductionInput(graphene.InputObjectType):
    kind = FairTradeDeductionKindEnum(required=True)
    amount = graphene.Decimal(required=True)
    reason = graphene.String(required=True)
    consent_reference = graphene.String(description="The group's written consent; required for damage and late delivery.")


class FairTradeStatementDeductionAdd(StatementMutation):
    deduction = graphene.Field(FairTradeStatementDeduction)

    class Arguments:
        id = graphene.ID(required=True, description="ID of a draft statement.")
        input = FairTradeStatementDeductionInput(required=True)

    class Meta:
        description = "Deduct from a draft statement what the law allows. Requires MANAGE_ORDERS."
        error_type_class = FairTradeError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        statement = cls.get_statement(id)
        deduction = payouts.statement_deduction_add(
            statement=statement, kind=getattr(input["kind"], "value", input["kind"]), amount=input["amount"],
            reason=input["reason"], consent_reference=input.get("consent_reference") or "", user=info.context.user,
        )
        return cls.answer(info, statement, deduction=deduction)


class FairTradeStatementApprove(StatementMutation):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Approve a draft statement for payment. Requires MANAGE_ORDERS."
        error_type_class = FairTradeError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id):
        statement = payouts.statement_approve(statement=cls.get_statement(id), user=info.context.user)
        return cls.answer(info, statement)


class FairTradeStatementPayInput(graphene.InputObjectType):
    paid_on = graphene.Date(required=True, description="The day the money was sent (not in the future).")
    payment_reference = graphene.String(required=True, description="The bank's reference of the transfer.")


class FairTradeStatementPay(StatementMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = FairTradeStatementPayInput(required=True)

    class Meta:
        description = "Record that an approved statement was paid; posts it to the ledger. Requires MANAGE_ORDERS."
        error_type_class = FairTradeError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        statement = payouts.statement_pay(statement=cls.get_statement(id), paid_on=input["paid_on"],
                                          payment_reference=input["payment_reference"], user=info.context.user)
        return cls.answer(info, statement)


class FairTradeAdvanceCreateInput(graphene.InputObjectType):
    group = graphene.ID(required=True)
    reference_type = graphene.String(description="What the advance is for (default: oem_allocation).")
    reference_id = graphene.String(required=True, description="ID of the order or allocation.")
    allocation_value = graphene.Decimal(required=True, description="Value of the group's part of the order.")
    amount = graphene.Decimal(description="Default: the minimum, 50 per cent of the value.")
    note = graphene.String()


class FairTradeAdvanceCreate(BaseMutation):
    advance = graphene.Field(FairTradeAdvance)

    class Arguments:
        input = FairTradeAdvanceCreateInput(required=True)

    class Meta:
        description = "Pay a producer group an advance before production. Requires MANAGE_ORDERS."
        error_type_class = FairTradeError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        group = ProducerGroupModel.objects.filter(pk=from_global_id_or_error(input["group"], "ProducerGroup")).first()
        if group is None:
            raise _not_found("group", "producer group")
        advance = advances.advance_pay(
            group=group, reference_type=input.get("reference_type") or models.ReferenceType.OEM_ALLOCATION,
            reference_id=input["reference_id"], allocation_value=input["allocation_value"], amount=input.get("amount"),
            user=info.context.user, note=input.get("note") or "",
        )
        return cls(advance=new_batch([advance], info)[0])


class Mutations(graphene.ObjectType):
    fair_trade_statement_generate = FairTradeStatementGenerate.Field()
    fair_trade_statement_deduction_add = FairTradeStatementDeductionAdd.Field()
    fair_trade_statement_approve = FairTradeStatementApprove.Field()
    fair_trade_statement_pay = FairTradeStatementPay.Field()
    fair_trade_advance_create = FairTradeAdvanceCreate.Field()


TYPES: list = [FairTradeStatement, FairTradeAdvance, FairTradeGroupPayables]

