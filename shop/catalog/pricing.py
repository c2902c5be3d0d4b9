"""Prices a shopper sees: VAT-inclusive channel prices, ranges over variants, sales."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from prices import Money, TaxedMoney, TaxedMoneyRange

from shop.core.taxes import taxed_from_gross

from .models import ProductVariantChannelListing


@dataclass(frozen=True)
class VariantPricing:
    price: TaxedMoney
    price_undiscounted: TaxedMoney
    price_prior: TaxedMoney | None

    @property
    def on_sale(self) -> bool:
        return self.price.gross < self.price_undiscounted.gross

    @property
    def discount(self) -> TaxedMoney | None:
        return self.price_undiscounted - self.price if self.on_sale else None


@dataclass(frozen=True)
class ProductPricing:
    price_range: TaxedMoneyRange
    price_range_undiscounted: TaxedMoneyRange
    price_range_prior: TaxedMoneyRange | None
    display_gross_prices: bool = True

    @property
    def on_sale(self) -> bool:
        return self.price_range.start.gross < self.price_range_undiscounted.start.gross

    @property
    def discount(self) -> TaxedMoney | None:
        if not self.on_sale:
            return None
        return self.price_range_undiscounted.start - self.price_range.start


def variant_pricing(listing: ProductVariantChannelListing, vat_rate: Decimal) -> VariantPricing:
    def taxed(amount):
        return taxed_from_gross(Money(amount, listing.currency), vat_rate)

    prior = taxed(listing.prior_price_amount) if listing.prior_price_amount is not None else None
    return VariantPricing(
        price=taxed(listing.discounted_price_amount),
        price_undiscounted=taxed(listing.price_amount),
        price_prior=prior,
    )


def product_pricing(listings: list[ProductVariantChannelListing], vat_rate: Decimal) -> ProductPricing | None:
    """Ranges over the product's variants in one channel; None when no variant is priced."""
    if not listings:
        return None
    prices = [variant_pricing(listing, vat_rate) for listing in listings]

    def span(values):
        ordered = sorted(values, key=lambda taxed: taxed.gross.amount)
        return TaxedMoneyRange(start=ordered[0], stop=ordered[-1])

    priors = [p.price_prior for p in prices if p.price_prior is not None]
    return ProductPricing(
        price_range=span([p.price for p in prices]),
        price_range_undiscounted=span([p.price_undiscounted for p in prices]),
        price_range_prior=span(priors) if priors else None,
    )
