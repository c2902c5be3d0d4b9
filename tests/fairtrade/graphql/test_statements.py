"""Statements in the API: staff generate, deduct, approve and pay; members read their own groups' only."""

import binascii
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from fairtrade import payouts
from fairtrade.advances import advance_pay
from fairtrade.ledger import group_balances
from fairtrade.models import Advance, Statement, StatementStatus
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member
from tests.shop.graphql.conftest import GraphQLClient

from ..statements import counts, generate, sell, today

pytestmark = pytest.mark.django_db

STATEMENT_FIELDS = """
fragment StatementFields on FairTradeStatement {
    id number status periodStart periodEnd dueDate isOverdue paidOn paymentReference promptPayPayload
    group { slug }
    producerAmount { amount currency } premiumAmount { amount } advancesNetted { amount }
    deductionsAmount { amount } netAmount { amount }
    lines { date orderNumber productName quantity amount { amount } kind account }
    deductions { kind amount { amount } reason consentReference }
}
"""
QUERY_STATEMENT = "query ($id: ID!) { fairTradeStatement(id: $id) { ...StatementFields } }" + STATEMENT_FIELDS
QUERY_BANK_CSV = "query ($id: ID!) { fairTradeStatement(id: $id) { number bankCsv } }"
QUERY_STATEMENTS = """
query ($filter: FairTradeStatementFilterInput) {
  fairTradeStatements(first: 20, filter: $filter) { totalCount edges { node { ...StatementFields } } }
}""" + STATEMENT_FIELDS
QUERY_MY_STATEMENTS = """
query { myFairTradeStatements(first: 20) { totalCount edges { node { number group { slug } netAmount { amount } } } } }
"""
QUERY_PAYABLES = """
query { fairTradePayables { group { slug } producerPayable { amount } groupFundPayable { amount }
        advancesOutstanding { amount } oldestUnpaidSince } }
"""
MUTATION_GENERATE = """
mutation ($group: ID!, $start: Date!, $end: Date!) {
  fairTradeStatementGenerate(group: $group, periodStart: $start, periodEnd: $end) {
    statement { id number status netAmount { amount } lines { amount { amount } } }
    errors { field code message }
  }
}"""
MUTATION_DEDUCTION_ADD = """
mutation ($id: ID!, $input: FairTradeStatementDeductionInput!) {
  fairTradeStatementDeductionAdd(id: $id, input: $input) {
    statement { netAmount { amount } deductionsAmount { amount } }
    deduction { kind amount { amount } }
    errors { field code message }
  }
}"""
MUTATION_APPROVE = """
mutation ($id: ID!) { fairTradeStatementApprove(id: $id) { statement { status } errors { field code message } } }
"""
MUTATION_PAY = """
mutation ($id: ID!, $input: FairTradeStatementPayInput!) {
  fairTradeStatementPay(id: $id, input: $input) { statement { status paidOn paymentReference } errors { field code } }
}"""
MUTATION_ADVANCE_CREATE = """
mutation ($input: FairTradeAdvanceCreateInput!) {
  fairTradeAdvanceCreate(input: $input) { advance { amount { amount } referenceId } errors { field code message } }
}"""


def _client_for(client, user) -> GraphQLClient:
    if user is not None:
        client.force_login(user)
    return GraphQLClient(client)


def _gid(statement):
    return to_global_id("FairTradeStatement", str(statement.pk))


def _denied(result) -> bool:
    return result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


@pytest.fixture
def manager():
    return create_staff(permissions=["MANAGE_ORDERS"])


@pytest.fixture
def statement_a(channel, groups, django_capture_on_commit_callbacks):
    """Group A (north) earned 300 + 30 for a shipped sale; its draft statement."""
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    return generate(groups[0])


def test_staff_generate_approve_and_pay_a_statement(client, channel, groups, manager,
                                                     django_capture_on_commit_callbacks):
    north = groups[0]
    sell(channel, north, capture=django_capture_on_commit_callbacks)
    api = _client_for(client, manager)
    variables = {"group": to_global_id("ProducerGroup", north.pk), "start": str(today().replace(day=1)),
                 "end": str(today())}

    generated = api.execute(MUTATION_GENERATE, variables)["data"]["fairTradeStatementGenerate"]
    assert generated["errors"] == []
    statement_id = generated["statement"]["id"]
    assert generated["statement"]["status"] == "DRAFT" and generated["statement"]["netAmount"]["amount"] == 330.0
    assert sorted(line["amount"]["amount"] for line in generated["statement"]["lines"]) == [30.0, 300.0]

    deducted = api.execute(MUTATION_DEDUCTION_ADD, {"id": statement_id, "input": {
        "kind": "WITHHOLDING_TAX", "amount": "9.00", "reason": "Withholding tax 3 %"}})["data"]
    assert deducted["fairTradeStatementDeductionAdd"]["statement"]["netAmount"]["amount"] == 321.0
    approved = api.execute(MUTATION_APPROVE, {"id": statement_id})["data"]["fairTradeStatementApprove"]
    assert approved == {"statement": {"status": "APPROVED"}, "errors": []}
    paid = api.execute(MUTATION_PAY, {"id": statement_id, "input": {
        "paidOn": str(today()), "paymentReference": "SCB-778"}})["data"]["fairTradeStatementPay"]

    assert paid == {"statement": {"status": "PAID", "paidOn": str(today()), "paymentReference": "SCB-778"},
                    "errors": []}
    assert group_balances(north.pk)["producer_payable"] == 0


def test_staff_read_a_statement_with_its_lines_and_deductions(client, statement_a, manager):
    with transaction.atomic():
        payouts.statement_deduction_add(statement=statement_a, kind="damage", amount=Decimal("12.50"),
                                        reason="One scarf stained", consent_reference="Form 7", user=manager)

    node = _client_for(client, manager).execute(QUERY_STATEMENT, {"id": _gid(statement_a)})["data"]["fairTradeStatement"]

    assert node["number"] == statement_a.number and node["status"] == "DRAFT" and node["isOverdue"] is False
    assert node["producerAmount"] == {"amount": 300.0, "currency": "THB"}
    assert node["netAmount"]["amount"] == 317.5
    assert {(line["account"], line["amount"]["amount"], line["quantity"], line["kind"]) for line in node["lines"]} == {
        ("PRODUCER_PAYABLE", 300.0, 2, "SALE"), ("GROUP_FUND_PAYABLE", 30.0, 2, "SALE")}
    assert all(line["orderNumber"] and line["productName"] for line in node["lines"])
    assert node["deductions"] == [{"kind": "DAMAGE", "amount": {"amount": 12.5}, "reason": "One scarf stained",
                                   "consentReference": "Form 7"}]
    assert node["promptPayPayload"] is None  # the group has no PromptPay id


def test_the_promptpay_payload_and_the_bank_row_of_a_statement(client, statement_a, manager):
    group = statement_a.group
    group.payout_method, group.promptpay_id = "promptpay", "0812345678"
    group.save()
    api = _client_for(client, manager)

    payload = api.execute(QUERY_STATEMENT, {"id": _gid(statement_a)})["data"]["fairTradeStatement"]["promptPayPayload"]
    csv_row = api.execute(QUERY_BANK_CSV, {"id": _gid(statement_a)})["data"]["fairTradeStatement"]["bankCsv"]

    assert int(payload[-4:], 16) == binascii.crc_hqx(payload[:-4].encode(), 0xFFFF)
    assert "5406330.00" in payload and "0066812345678" in payload
    assert f"{statement_a.number}," in csv_row and ",330.00,THB," in csv_row


def test_staff_filter_statements_by_group_status_and_overdue(client, channel, groups, manager, statement_a,
                                                             django_capture_on_commit_callbacks):
    sell(channel, groups[1], capture=django_capture_on_commit_callbacks)
    other = generate(groups[1])
    Statement.objects.filter(pk=other.pk).update(due_date=today().replace(day=1).replace(year=today().year - 1))
    api = _client_for(client, manager)

    def numbers(filter):
        data = api.execute(QUERY_STATEMENTS, {"filter": filter})["data"]["fairTradeStatements"]
        return {edge["node"]["number"] for edge in data["edges"]}

    assert numbers({}) == {statement_a.number, other.number}
    assert numbers({"group": to_global_id("ProducerGroup", groups[0].pk)}) == {statement_a.number}
    assert numbers({"overdue": True}) == {other.number}
    assert numbers({"overdue": False}) == {statement_a.number}
    assert numbers({"status": ["PAID"]}) == set()


def test_a_page_of_statements_is_read_in_queries_that_do_not_grow(client, channel, groups, manager,
                                                                   django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    generate(groups[0])
    api = _client_for(client, manager)
    with CaptureQueriesContext(connection) as one:
        api.execute(QUERY_STATEMENTS)
    for group in groups[1:]:
        sell(channel, group, capture=django_capture_on_commit_callbacks)
        generate(group)

    with CaptureQueriesContext(connection) as three:
        data = api.execute(QUERY_STATEMENTS)["data"]["fairTradeStatements"]

    assert data["totalCount"] == 3
    assert len(three) == len(one)


def test_payables_show_each_groups_balances(client, channel, groups, manager, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    with transaction.atomic():
        advance_pay(group=groups[1], reference_type="oem_allocation", reference_id="A1",
                    allocation_value=Decimal("1000"))

    rows = {row["group"]["slug"]: row for row in
            _client_for(client, manager).execute(QUERY_PAYABLES)["data"]["fairTradePayables"]}

    assert rows[groups[0].slug]["producerPayable"]["amount"] == 300.0
    assert rows[groups[0].slug]["groupFundPayable"]["amount"] == 30.0
    assert rows[groups[0].slug]["oldestUnpaidSince"] is not None
    assert rows[groups[1].slug]["advancesOutstanding"]["amount"] == 500.0


def test_a_member_reads_only_her_groups_statements(client, channel, groups, statement_a,
                                                    django_capture_on_commit_callbacks):
    sell(channel, groups[1], capture=django_capture_on_commit_callbacks)
    statement_b = generate(groups[1])
    member_b = create_member(groups[1])
    api = _client_for(client, member_b)

    mine = api.execute(QUERY_MY_STATEMENTS)["data"]["myFairTradeStatements"]
    assert [edge["node"]["number"] for edge in mine["edges"]] == [statement_b.number]
    assert api.execute(QUERY_STATEMENT, {"id": _gid(statement_b)})["data"]["fairTradeStatement"]["number"] \
        == statement_b.number
    assert api.execute(QUERY_STATEMENT, {"id": _gid(statement_a)})["data"]["fairTradeStatement"] is None
    assert _denied(api.execute(QUERY_BANK_CSV, {"id": _gid(statement_b)}))


@pytest.mark.parametrize("who", ["member_of_b", "shopper", "anonymous", "staff_without_permission"])
def test_nobody_else_reads_or_changes_group_as_statements(client, groups, statement_a, who):
    user = {
        "member_of_b": lambda: create_member(groups[1]),
        "shopper": lambda: create_user(),
        "anonymous": lambda: None,
        "staff_without_permission": lambda: create_staff(permissions=["MANAGE_PRODUCTS"]),
    }[who]()
    api = _client_for(client, user)
    before = counts()

    read = api.execute(QUERY_STATEMENT, {"id": _gid(statement_a)})
    if who == "member_of_b":
        assert read["data"]["fairTradeStatement"] is None
    else:
        assert _denied(read)
    assert _denied(api.execute(QUERY_STATEMENTS))
    assert _denied(api.execute(QUERY_PAYABLES))
    assert _denied(api.execute(MUTATION_APPROVE, {"id": _gid(statement_a)}))
    assert _denied(api.execute(MUTATION_DEDUCTION_ADD, {"id": _gid(statement_a), "input": {
        "kind": "DAMAGE", "amount": "1", "reason": "x", "consentReference": "y"}}))
    assert _denied(api.execute(MUTATION_PAY, {"id": _gid(statement_a), "input": {
        "paidOn": str(today()), "paymentReference": "x"}}))
    assert _denied(api.execute(MUTATION_GENERATE, {"group": to_global_id("ProducerGroup", groups[0].pk),
                                                   "start": str(today()), "end": str(today())}))
    assert _denied(api.execute(MUTATION_ADVANCE_CREATE, {"input": {
        "group": to_global_id("ProducerGroup", groups[0].pk), "referenceId": "A9", "allocationValue": "100"}}))
    if who != "member_of_b":
        assert _denied(api.execute(QUERY_MY_STATEMENTS))
    assert counts() == before
    assert Statement.objects.get(pk=statement_a.pk).status == StatementStatus.DRAFT


def test_bad_inputs_answer_error_codes_and_write_nothing(client, groups, statement_a, manager):
    api = _client_for(client, manager)
    empty = Statement.objects.create(number="ST-TEST-1", group=groups[2], period_start=today(), period_end=today(),
                                     due_date=today())
    before = counts()

    def errors(query, variables, name):
        return [(e["field"], e["code"]) for e in api.execute(query, variables)["data"][name]["errors"]]

    assert errors(MUTATION_APPROVE, {"id": _gid(empty)}, "fairTradeStatementApprove") == [
        ("statement", "EMPTY_STATEMENT")]
    assert errors(MUTATION_DEDUCTION_ADD, {"id": _gid(statement_a), "input": {
        "kind": "DAMAGE", "amount": "5", "reason": "Stain"}}, "fairTradeStatementDeductionAdd") == [
        ("consentReference", "CONSENT_REQUIRED")]
    assert errors(MUTATION_DEDUCTION_ADD, {"id": _gid(statement_a), "input": {
        "kind": "LATE_DELIVERY", "amount": "30.01", "reason": "Late", "consentReference": "C"}},
        "fairTradeStatementDeductionAdd") == [("amount", "DEDUCTION_OVER_CAP")]
    assert errors(MUTATION_PAY, {"id": _gid(statement_a), "input": {"paidOn": str(today()), "paymentReference": "R"}},
                  "fairTradeStatementPay") == [("statement", "INVALID_STATUS")]
    assert errors(MUTATION_GENERATE, {"group": to_global_id("ProducerGroup", groups[1].pk), "start": str(today()),
                                      "end": str(today())}, "fairTradeStatementGenerate") == [(None, "EMPTY_STATEMENT")]
    assert errors(MUTATION_ADVANCE_CREATE, {"input": {"group": to_global_id("ProducerGroup", groups[0].pk),
                                                      "referenceId": "A1", "allocationValue": "1000",
                                                      "amount": "499.99"}},
                  "fairTradeAdvanceCreate") == [("amount", "ADVANCE_TOO_SMALL")]
    assert counts() == before and not Advance.objects.exists()


def test_paying_twice_answers_already_paid(client, statement_a, manager):
    api = _client_for(client, manager)
    api.execute(MUTATION_APPROVE, {"id": _gid(statement_a)})
    pay = {"id": _gid(statement_a), "input": {"paidOn": str(today()), "paymentReference": "R1"}}
    assert api.execute(MUTATION_PAY, pay)["data"]["fairTradeStatementPay"]["errors"] == []
    before = counts()

    again = api.execute(MUTATION_PAY, pay)["data"]["fairTradeStatementPay"]

    assert again["errors"] == [{"field": "statement", "code": "ALREADY_PAID"}]
    assert counts() == before


def test_staff_pay_an_advance(client, groups, manager):
    result = _client_for(client, manager).execute(MUTATION_ADVANCE_CREATE, {"input": {
        "group": to_global_id("ProducerGroup", groups[0].pk), "referenceId": "alloc-7", "allocationValue": "800"}})

    assert result["data"]["fairTradeAdvanceCreate"] == {
        "advance": {"amount": {"amount": 400.0}, "referenceId": "alloc-7"}, "errors": []}
