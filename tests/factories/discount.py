from decimal import Decimal

from shop.discount.models import DiscountValueType, Voucher, VoucherChannelListing, VoucherType


def create_voucher(channel, code="FAIRTRADE10", *, value=Decimal("10"), value_type=DiscountValueType.PERCENTAGE,
                   type=VoucherType.ENTIRE_ORDER, min_spent=None, **fields) -> Voucher:
    voucher = Voucher.objects.create(code=code, name=f"{code} off", type=type, discount_value_type=value_type, **fields)
    VoucherChannelListing.objects.create(
        voucher=voucher, channel=channel, discount_value=value, currency=channel.currency_code, min_spent_amount=min_spent
    )
    return voucher
