"""``manage.py populatedb`` loads a realistic, idempotent demo shop.

Loading the whole catalog (with its pictures) takes a few seconds, so it runs
once per module inside a transaction that is rolled back when the module ends;
every test then runs in its own savepoint on top of it.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from PIL import Image

from shop.catalog.models import (
    AssignedProductAttributeValue,
    AttributeValue,
    Category,
    Collection,
    CollectionChannelListing,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
)
from shop.channel.models import Channel, TaxRate
from shop.demo.data import PRODUCER_GROUPS, PRODUCT_MAKERS, PRODUCTS
from shop.menu.models import Menu, MenuItem
from shop.page.models import Page
from shop.site.models import SiteSettings
from shop.warehouse.models import Stock, Warehouse

THAI = re.compile(r"[\u0E00-\u0E7F]")
FDA_NUMBER = re.compile(r"^\d{2}-\d-\d{5}-\d-\d{4}$")
COUNTED_MODELS = [
    Channel,
    TaxRate,
    SiteSettings,
    Warehouse,
    Category,
    Collection,
    CollectionChannelListing,
    Product,
    ProductTranslation,
    ProductVariant,
    ProductChannelListing,
    ProductVariantChannelListing,
    ProductMedia,
    AttributeValue,
    AssignedProductAttributeValue,
    Stock,
    Page,
    Menu,
    MenuItem,
]


@pytest.fixture(scope="module")
def demo_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo_shop(django_db_setup, django_db_blocker, demo_media_root):
    """The demo data, loaded once for this module and rolled back afterwards; yields the output."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(demo_media_root)),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("populatedb", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo_media(settings, demo_shop, demo_media_root):
    """Point the default storage at the files the module's load wrote."""
    settings.MEDIA_ROOT = str(demo_media_root)
    return demo_media_root


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


@pytest.mark.django_db
def test_populatedb_reports_what_it_loaded(demo_shop):
    # then
    assert "Demo data loaded" in demo_shop
    assert "admin@example.com" in demo_shop
    assert re.search(r"Products: \d+, variants: \d+, producer groups: 25, images: \d+", demo_shop)


@pytest.mark.django_db
def test_populatedb_creates_thailand_channel_vat_site_settings_and_staff_login(demo_shop):
    # when
    channel = Channel.objects.get(slug="default-channel")
    site = SiteSettings.load()
    admin = get_user_model().objects.get(email="admin@example.com")
    # then
    assert (channel.name, channel.currency_code, channel.default_country, channel.is_active) == (
        "Thailand",
        "THB",
        "TH",
        True,
    )
    tax = TaxRate.objects.get(country="TH")
    assert str(tax.rate) == "7.0000" and str(tax.valid_from) == "1992-01-01"
    assert "section 80" in tax.source and "royal decree" in tax.source
    assert site.name == "HomeNet Thailand Brand" and site.company_country_area == "Bangkok"
    assert THAI.search(site.translations.get(language_code="th").description)
    assert admin.is_staff and admin.is_superuser and admin.check_password("admin")


@pytest.mark.django_db
def test_populatedb_creates_at_least_150_products_each_with_a_thai_translation(demo_shop):
    # when
    products = Product.objects.prefetch_related("translations")
    # then
    assert products.count() >= 150
    for product in products:
        thai = [t for t in product.translations.all() if t.language_code == "th"]
        assert len(thai) == 1 and THAI.search(thai[0].name), product.slug
        assert THAI.search(thai[0].description["blocks"][0]["data"]["text"])
        assert not THAI.search(product.slug)
        assert product.description["version"] == "2.24.3" and product.description_plaintext


@pytest.mark.django_db
def test_populatedb_creates_25_producer_group_warehouses_five_per_region(demo_shop):
    # when
    warehouses = Warehouse.objects.select_related("address").prefetch_related("channels")
    # then
    assert warehouses.count() == 25
    assert Counter(w.metadata["region"] for w in warehouses) == {
        "north": 5,
        "northeast": 5,
        "central": 5,
        "south": 5,
        "bangkok": 5,
    }
    for warehouse in warehouses:
        assert warehouse.is_private and warehouse.email.endswith("@example.com")
        assert warehouse.address.company_name == warehouse.name
        assert re.fullmatch(r"\d{5}", warehouse.address.postal_code)
        assert [c.slug for c in warehouse.channels.all()] == ["default-channel"]


@pytest.mark.django_db
def test_every_published_product_has_thb_prices_and_stock_in_a_makers_warehouse(demo_shop):
    # given
    published = Product.objects.filter(channel_listings__is_published=True).prefetch_related(
        "variants__channel_listings", "variants__stocks__warehouse"
    )
    # then
    assert published.count() >= 150
    for product in published:
        assert product.default_variant_id is not None
        for variant in product.variants.all():
            listings = list(variant.channel_listings.all())
            assert listings and all(
                li.currency == "THB" and li.price_amount > 0 for li in listings
            ), variant.sku
            assert all(li.discounted_price_amount <= li.price_amount for li in listings)
            stocks = list(variant.stocks.all())
            assert stocks, variant.sku
            assert {s.warehouse.slug for s in stocks} == set(PRODUCT_MAKERS[product.slug])


@pytest.mark.django_db
def test_catalog_has_unpublished_upcoming_discounted_and_sold_out_products_for_filters(demo_shop):
    # when
    listings = ProductChannelListing.objects.all()
    on_sale = ProductVariantChannelListing.objects.filter(prior_price_amount__isnull=False)
    sold_out = [
        p
        for p in Product.objects.prefetch_related("variants__stocks")
        if all(s.quantity == 0 for v in p.variants.all() for s in v.stocks.all())
    ]
    # then
    assert 2 <= listings.filter(is_published=False).count() <= 6
    assert listings.filter(is_published=True, available_for_purchase_at__gt=_now()).exists()
    assert on_sale.exists() and all(li.discounted_price_amount < li.price_amount for li in on_sale)
    assert sold_out
    assert not listings.filter(is_published=True, discounted_price_amount__isnull=True).exists()


def _now():
    from django.utils import timezone

    return timezone.now()


@pytest.mark.django_db
def test_every_product_has_an_800_by_800_picture_that_pillow_opens(demo_media):
    # given
    products = Product.objects.prefetch_related("media")
    # then
    for product in products:
        media = list(product.media.all())
        assert 1 <= len(media) <= 2, product.slug
        assert all(m.alt for m in media)
        with media[0].image.open("rb") as handle, Image.open(handle) as picture:
            assert picture.format == "JPEG" and picture.size == (800, 800), product.slug


@pytest.mark.django_db
def test_categories_and_collections_have_thai_translations_and_background_images(demo_media):
    # then
    roots = Category.objects.filter(parent=None)
    assert {c.slug for c in roots} == {"handicrafts", "processed-foods"}
    for category in Category.objects.prefetch_related("translations"):
        assert THAI.search(category.translations.get(language_code="th").name)
        assert category.description["blocks"] and category.description_plaintext
        assert category.background_image
    for collection in Collection.objects.prefetch_related("translations", "channel_listings"):
        assert THAI.search(collection.translations.get(language_code="th").name)
        assert collection.channel_listings.get().is_published
        assert collection.products.exists(), collection.slug
        with collection.background_image.open("rb") as handle, Image.open(handle) as picture:
            assert picture.width > picture.height


@pytest.mark.django_db
def test_food_products_carry_a_fictional_fda_number_in_the_13_digit_format(demo_shop):
    # when
    foods = Product.objects.filter(product_type__slug="packaged-food")
    numbers = AttributeValue.objects.filter(
        attribute__slug="fda-number", productvalueassignment__product__in=foods
    )
    # then
    assert foods.count() >= 40
    assert numbers.count() == foods.count()
    assert all(FDA_NUMBER.match(value.plain_text) for value in numbers)


@pytest.mark.django_db
def test_pages_and_menus_exist_with_thai_translations(demo_shop):
    # then
    for slug in ("about", "fair-trade", "shipping-and-returns", "producer-groups"):
        page = Page.objects.get(slug=slug)
        assert page.is_published and page.attributevalues.exists()
        thai = page.translations.get(language_code="th")
        assert THAI.search(thai.title) and THAI.search(str(thai.content))
    about = str(Page.objects.get(slug="about").content)
    assert "2017" in about and "1,000" in about and "HomeNet Thailand Association" in about
    for slug in ("navbar", "footer"):
        items = MenuItem.objects.filter(menu__slug=slug).prefetch_related("translations")
        assert items.exists()
        assert all(
            THAI.search(i.translations.get(language_code="th").name) or "HomeNet" in i.name
            for i in items
        )
    assert MenuItem.objects.filter(menu__slug="footer", url__startswith="https://").exists()
    assert MenuItem.objects.filter(menu__slug="navbar", category__slug="handicrafts").exists()


@pytest.mark.django_db
def test_products_are_searchable_in_thai(demo_shop):
    # when
    silk = Product.objects.filter(search_document__contains="ผ้าไหมมัดหมี่")
    # then
    assert silk.exists()
    assert not Product.objects.filter(search_index_dirty=True).exists()


@pytest.mark.django_db
def test_running_populatedb_again_creates_nothing_new(demo_shop, demo_media):
    # given
    before = _counts()
    files_before = sorted(p.name for p in demo_media.rglob("*") if p.is_file())
    out = io.StringIO()
    # when
    call_command("populatedb", stdout=out)
    # then
    assert _counts() == before
    assert sorted(p.name for p in demo_media.rglob("*") if p.is_file()) == files_before
    assert "already loaded" in out.getvalue()


@pytest.mark.django_db
def test_scale_adds_synthetic_products_sharing_one_picture_and_tops_up_only_what_is_missing(
    demo_shop, demo_media
):
    # given
    before = Product.objects.count()
    # when
    call_command("populatedb", "--scale", "20", stdout=io.StringIO())
    call_command("populatedb", "--scale", "20", stdout=io.StringIO())
    # then
    synthetic = Product.objects.filter(slug__startswith="synthetic-").prefetch_related(
        "variants__channel_listings", "variants__stocks", "media", "attributevalues"
    )
    assert Product.objects.count() == before + 20
    assert len({m.image.name for p in synthetic for m in p.media.all()}) == 1
    for product in synthetic:
        assert product.variants.count() == 2 and product.attributevalues.exists()
        assert all(
            v.channel_listings.exists() and v.stocks.exists() for v in product.variants.all()
        )
    # when more are asked for, only the difference is added
    call_command("populatedb", "--scale", "25", stdout=io.StringIO())
    assert Product.objects.filter(slug__startswith="synthetic-").count() == 25


def test_demo_data_gives_every_producer_group_something_to_make():
    # when
    makers = Counter(group for groups in PRODUCT_MAKERS.values() for group in groups)
    # then
    assert set(makers) == {group["slug"] for group in PRODUCER_GROUPS}
    assert all(1 <= len(groups) <= 3 for groups in PRODUCT_MAKERS.values())
    assert (
        len({spec.slug for spec in PRODUCTS})
        == len({spec.name_en for spec in PRODUCTS})
        == len(PRODUCTS)
    )
    assert 900 <= sum(group["members"] for group in PRODUCER_GROUPS) <= 1100


def test_populatedb_makes_the_25_producer_groups_with_offers_for_every_product_and_a_leader_login(demo_shop):
    from cooperatives.models import Membership, ProducerGroup, ProducerOffer

    groups = ProducerGroup.objects.all()
    assert groups.count() == 25
    assert Counter(groups.values_list("region", flat=True)) == dict.fromkeys(("north", "northeast", "central", "south", "bangkok"), 5)
    assert all(g.warehouse.slug == g.slug and g.district_code.startswith(g.province_code) for g in groups)
    made = set(ProducerOffer.objects.values_list("variant__product__slug", flat=True))
    assert made == set(PRODUCT_MAKERS)
    several = Counter(ProducerOffer.objects.filter(priority=1).values_list("variant__product__slug", flat=True))
    assert several and any(len(makers) >= 3 for makers in PRODUCT_MAKERS.values())
    leader = Membership.objects.get(group=groups[0], role="leader").user
    assert leader.check_password("producer")
