"""A transaction's amounts follow its events by Saleor's price-calculation rules."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from shop.payment.amounts import amounts_from_events
from shop.payment.models import TransactionEventType as T

START = datetime.datetime(2026, 3, 28, 12, 50, tzinfo=datetime.UTC)


@dataclass
class Event:
    type: str
    amount_value: Decimal
    psp_reference: str = ""
    created_at: datetime.datetime = START
    pk: int = 0
    include_in_calculations: bool = True


def events(*rows):
    """(type, amount, psp reference, minutes after START) -> events with increasing pks."""
    return [
        Event(type=t, amount_value=Decimal(a), psp_reference=psp, created_at=START + datetime.timedelta(minutes=m), pk=i)
        for i, (t, a, psp, m) in enumerate(rows, start=1)
    ]


def test_request_is_pending_until_its_success_arrives():
    pending = amounts_from_events(events((T.AUTHORIZATION_REQUEST, 10, "AB12", 0)))
    done = amounts_from_events(events((T.AUTHORIZATION_REQUEST, 10, "AB12", 0), (T.AUTHORIZATION_SUCCESS, 10, "AB12", 1)))

    assert (pending.authorized, pending.authorize_pending) == (0, 10)
    assert (done.authorized, done.authorize_pending) == (10, 0)


def test_failure_without_a_request_changes_nothing():
    amounts = amounts_from_events(events(
        (T.AUTHORIZATION_REQUEST, 10, "AB12", 0), (T.AUTHORIZATION_SUCCESS, 10, "AB12", 1),
        (T.AUTHORIZATION_FAILURE, 10, "YZ13", 2),
    ))

    assert (amounts.authorized, amounts.authorize_pending) == (10, 0)


def test_adjustment_overrides_earlier_authorizations():
    amounts = amounts_from_events(events(
        (T.AUTHORIZATION_SUCCESS, 10, "AB12", 0), (T.AUTHORIZATION_ADJUSTMENT, 100, "YZ13", 1),
    ))

    assert amounts.authorized == 100


def test_charge_moves_money_from_authorized_to_charged():
    requested = amounts_from_events(events((T.AUTHORIZATION_SUCCESS, 10, "AB12", 0), (T.CHARGE_REQUEST, 3, "YZ13", 1)))
    charged = amounts_from_events(events(
        (T.AUTHORIZATION_SUCCESS, 10, "AB12", 0), (T.CHARGE_REQUEST, 3, "YZ13", 1), (T.CHARGE_SUCCESS, 3, "YZ13", 2),
    ))

    assert (requested.authorized, requested.charge_pending, requested.charged) == (7, 3, 0)
    assert (charged.authorized, charged.charge_pending, charged.charged) == (7, 0, 3)


def test_newer_failure_undoes_a_success_but_an_older_one_does_not():
    base = [(T.AUTHORIZATION_SUCCESS, 10, "AB12", 0), (T.CHARGE_REQUEST, 3, "YZ13", 1), (T.CHARGE_SUCCESS, 3, "YZ13", 2)]
    newer = amounts_from_events(events(*base, (T.CHARGE_FAILURE, 3, "YZ13", 5)))
    older = amounts_from_events(events(*base, (T.CHARGE_FAILURE, 3, "YZ13", 1)))

    assert (newer.charged, newer.authorized) == (0, 10)
    assert (older.charged, older.authorized) == (3, 7)


def test_retry_after_a_failure_is_pending_again():
    amounts = amounts_from_events(events(
        (T.CHARGE_REQUEST, 390, "pi_1", 0), (T.CHARGE_FAILURE, 390, "pi_1", 1), (T.CHARGE_REQUEST, 390, "pi_1", 2),
    ))

    assert (amounts.charge_pending, amounts.charged) == (390, 0)


def test_refund_moves_money_from_charged_to_refunded():
    charged = [(T.CHARGE_SUCCESS, 390, "pi_1", 0)]
    requested = amounts_from_events(events(*charged, (T.REFUND_REQUEST, 90, "re_1", 1)))
    refunded = amounts_from_events(events(*charged, (T.REFUND_REQUEST, 90, "re_1", 1), (T.REFUND_SUCCESS, 90, "re_1", 2)))
    failed = amounts_from_events(events(*charged, (T.REFUND_REQUEST, 90, "re_1", 1), (T.REFUND_FAILURE, 90, "re_1", 2)))

    assert (requested.charged, requested.refund_pending, requested.refunded) == (300, 90, 0)
    assert (refunded.charged, refunded.refund_pending, refunded.refunded) == (300, 0, 90)
    assert (failed.charged, failed.refund_pending, failed.refunded) == (390, 0, 0)


def test_chargeback_and_refund_reverse():
    amounts = amounts_from_events(events(
        (T.CHARGE_SUCCESS, 390, "pi_1", 0), (T.REFUND_SUCCESS, 100, "re_1", 1), (T.REFUND_REVERSE, 100, "re_1", 2),
        (T.CHARGE_BACK, 50, "dp_1", 3),
    ))

    assert (amounts.charged, amounts.refunded) == (340, 0)


def test_cancel_releases_the_authorization():
    amounts = amounts_from_events(events(
        (T.AUTHORIZATION_SUCCESS, 390, "pi_1", 0), (T.CANCEL_REQUEST, 390, "pi_1", 1), (T.CANCEL_SUCCESS, 390, "pi_1", 2),
    ))

    assert (amounts.authorized, amounts.canceled, amounts.cancel_pending) == (0, 390, 0)
    assert amounts.available_actions() == []


def test_duplicate_success_counts_once_and_session_requests_do_not_count():
    rows = events((T.CHARGE_REQUEST, 390, "pi_1", 0), (T.CHARGE_SUCCESS, 390, "pi_1", 1), (T.CHARGE_SUCCESS, 390, "pi_1", 2))
    rows[0].include_in_calculations = False

    amounts = amounts_from_events(rows)

    assert (amounts.charged, amounts.charge_pending) == (390, 0)
    assert amounts.available_actions() == ["refund"]


def test_refund_before_its_charge_waits_at_zero():
    early = amounts_from_events(events((T.REFUND_SUCCESS, 100, "re_1", 0)))

    assert (early.charged, early.refunded) == (0, 100)


AMOUNT = st.integers(min_value=0, max_value=100_000).map(lambda satang: Decimal(satang) / 100)
EVENT = st.tuples(
    st.sampled_from([T.CHARGE_REQUEST, T.CHARGE_SUCCESS, T.CHARGE_FAILURE, T.REFUND_REQUEST, T.REFUND_SUCCESS,
                     T.REFUND_FAILURE, T.AUTHORIZATION_SUCCESS, T.CANCEL_SUCCESS, T.CHARGE_BACK]),
    AMOUNT, st.sampled_from(["a", "b", "c", ""]), st.integers(min_value=0, max_value=20),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENT, max_size=12))
def test_amounts_are_never_negative_and_parts_add_up(rows):
    amounts = amounts_from_events(events(*rows))

    assert all(value >= 0 for value in amounts.as_fields().values())
    charges = amounts_from_events([e for e in events(*rows) if e.type.startswith("charge_") and e.type != T.CHARGE_BACK])
    chargebacks = sum((Decimal(a) for t, a, _, _ in rows if t == T.CHARGE_BACK), Decimal(0))
    if amounts.charged > 0 or (amounts.refunded + amounts.refund_pending + chargebacks) == charges.charged:
        # Nothing was clamped: every satang charged is charged, refunded, being refunded or charged back.
        assert amounts.charged + amounts.refunded + amounts.refund_pending + chargebacks == charges.charged
