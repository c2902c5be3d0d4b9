from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from prices import Money

from shop.core.money import allocate, quantize
from shop.core.taxes import taxed_from_gross


@given(
    amount=st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2),
    weights=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=20).filter(any),
)
def test_allocated_parts_always_add_up_to_the_whole(amount, weights):
    parts = allocate(Money(amount, "THB"), weights)

    assert sum(p.amount for p in parts) == amount
    assert all(p.amount == quantize(p.amount, "THB") for p in parts)
    assert len(parts) == len(weights)


def test_remainder_goes_to_largest_fractions_deterministically():
    parts = allocate(Money(Decimal("100.00"), "THB"), [1, 1, 1])

    assert [p.amount for p in parts] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_zero_weight_gets_nothing():
    parts = allocate(Money(Decimal("10.00"), "THB"), [0, 3, 1])

    assert [p.amount for p in parts] == [Decimal("0.00"), Decimal("7.50"), Decimal("2.50")]


@pytest.mark.parametrize("weights", [[], [0, 0], [-1, 2]])
def test_bad_weights_are_refused(weights):
    with pytest.raises(ValueError):
        allocate(Money(Decimal("1.00"), "THB"), weights)


@given(gross=st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000"), places=2))
def test_vat_included_price_splits_exactly_into_net_and_tax(gross):
    taxed = taxed_from_gross(Money(gross, "THB"), Decimal("7"))

    assert taxed.net.amount + taxed.tax.amount == gross
    assert taxed.tax.amount == quantize(gross * 7 / 107, "THB")
