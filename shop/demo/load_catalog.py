"""Write the catalog: attributes, product types, categories and products (variants, prices,
stock, pictures)."""

from __future__ import annotations

import datetime

from shop.catalog import models as catalog
from shop.warehouse.models import Stock

from . import editorjs
from .catalog_data import ATTRIBUTES, CATEGORIES, PRODUCT_TYPES
from .common import CURRENCY, THAI, save_image
from .content import BACKGROUND_PALETTES
from .images import background_image, product_images
from .products import ProductSpec

# --- Attributes and product types ------------------------------------------------------------


def attributes_create() -> dict:
    """Returns ``{"attributes": {slug: Attribute}, (attribute slug, value slug): AttributeValue}``."""
    attributes = catalog.Attribute.objects.bulk_create(
        catalog.Attribute(
            slug=spec["slug"],
            name=spec["name_en"],
            type=catalog.AttributeType.PRODUCT_TYPE,
            input_type=spec["input_type"],
            unit=spec.get("unit"),
        )
        for spec in ATTRIBUTES
    )
    by_slug = {attribute.slug: attribute for attribute in attributes}
    catalog.AttributeTranslation.objects.bulk_create(
        catalog.AttributeTranslation(
            attribute=by_slug[spec["slug"]], language_code=THAI, name=spec["name_th"]
        )
        for spec in ATTRIBUTES
    )
    values, rows = {"attributes": by_slug}, []
    for spec in ATTRIBUTES:
        for index, (slug, name_en, name_th, *swatch) in enumerate(spec["values"]):
            value = catalog.AttributeValue(
                attribute=by_slug[spec["slug"]],
                slug=slug,
                name=name_en,
                value=swatch[0] if swatch else "",
                sort_order=index,
            )
            values[(spec["slug"], slug)] = value
            rows.append((value, name_th))
    catalog.AttributeValue.objects.bulk_create([value for value, _ in rows])
    catalog.AttributeValueTranslation.objects.bulk_create(
        catalog.AttributeValueTranslation(attribute_value=value, language_code=THAI, name=name_th)
        for value, name_th in rows
    )
    return values


def product_types_create(values: dict) -> dict[str, catalog.ProductType]:
    attributes = values["attributes"]
    types = catalog.ProductType.objects.bulk_create(
        catalog.ProductType(name=spec["name"], slug=spec["slug"], weight_grams=spec["weight"])
        for spec in PRODUCT_TYPES
    )
    by_slug = {product_type.slug: product_type for product_type in types}
    catalog.AttributeProduct.objects.bulk_create(
        catalog.AttributeProduct(
            attribute=attributes[slug], product_type=by_slug[spec["slug"]], sort_order=i
        )
        for spec in PRODUCT_TYPES
        for i, slug in enumerate(spec["product_attributes"])
    )
    catalog.AttributeVariant.objects.bulk_create(
        catalog.AttributeVariant(
            attribute=attributes[slug],
            product_type=by_slug[spec["slug"]],
            variant_selection=selection,
            sort_order=i,
        )
        for spec in PRODUCT_TYPES
        for i, (slug, selection) in enumerate(spec["variant_attributes"])
    )
    return by_slug


# --- Categories ---------------------------------------------------------------------------------


def categories_create() -> dict[str, catalog.Category]:
    categories: dict[str, catalog.Category] = {}
    translations = []

    def create(nodes, parent):
        for slug, name_en, name_th, text_en, text_th, children in nodes:
            style, palette = BACKGROUND_PALETTES[slug]
            category = catalog.Category(
                name=name_en,
                slug=slug,
                parent=parent,
                description=editorjs.paragraphs([text_en], f"category-{slug}"),
                description_plaintext=text_en,
                seo_title=name_en,
                seo_description=text_en[:300],
                background_image_alt=name_en,
            )
            save_image(
                category.background_image,
                f"demo-{slug}.jpg",
                background_image(style, palette, slug),
                save=False,
            )
            category.save()
            categories[slug] = category
            translations.append(
                catalog.CategoryTranslation(
                    category=category,
                    language_code=THAI,
                    name=name_th,
                    description=editorjs.paragraphs([text_th], f"category-{slug}-th"),
                    seo_title=name_th[:70],
                    seo_description=text_th[:300],
                )
            )
            create(children, category)

    create(CATEGORIES, None)
    catalog.CategoryTranslation.objects.bulk_create(translations)
    return categories


# --- Products -----------------------------------------------------------------------------------


def products_create(specs, product_types, categories, values, warehouses, channel, now):
    products = catalog.Product.objects.bulk_create(
        catalog.Product(
            product_type=product_types[spec.product_type],
            category=categories[spec.category],
            name=spec.name_en,
            slug=spec.slug,
            description=editorjs.paragraphs(spec.description_en, spec.slug),
            description_plaintext="\n".join(spec.description_en),
            seo_title=spec.name_en[:70],
            seo_description=spec.description_en[0][:300],
            weight_grams=spec.grams,
            created_at=now - datetime.timedelta(days=spec.created_days_ago),
        )
        for spec in specs
    )
    by_slug = {product.slug: product for product in products}
    catalog.ProductTranslation.objects.bulk_create(
        catalog.ProductTranslation(
            product=by_slug[spec.slug],
            language_code=THAI,
            name=spec.name_th,
            description=editorjs.paragraphs(spec.description_th, f"{spec.slug}-th"),
            seo_title=spec.name_th[:70],
            seo_description=spec.description_th[0][:300],
        )
        for spec in specs
    )
    variants = _variants_create(specs, by_slug)
    _product_attributes_assign(specs, by_slug, values)
    _variant_attributes_assign(specs, variants, values)
    _listings_create(specs, by_slug, variants, channel, now)
    _stocks_create(specs, variants, warehouses)
    _media_create(specs, by_slug)
    return by_slug


def _variants_create(specs, products) -> dict[str, catalog.ProductVariant]:
    rows = [
        catalog.ProductVariant(
            product=products[spec.slug],
            sku=v.sku,
            name=v.name_en,
            weight_grams=v.grams,
            sort_order=i,
        )
        for spec in specs
        for i, v in enumerate(spec.variants)
    ]
    catalog.ProductVariant.objects.bulk_create(rows)
    variants = {variant.sku: variant for variant in rows}
    catalog.ProductVariantTranslation.objects.bulk_create(
        catalog.ProductVariantTranslation(
            product_variant=variants[v.sku], language_code=THAI, name=v.name_th
        )
        for spec in specs
        for v in spec.variants
        if v.name_th
    )
    for spec in specs:
        products[spec.slug].default_variant = variants[spec.variants[0].sku]
    catalog.Product.objects.bulk_update(products.values(), ["default_variant"])
    return variants


def _product_attributes_assign(specs, products, values) -> None:
    assigned = []
    plain_values = []
    for spec in specs:
        product = products[spec.slug]
        position = 0
        for attribute_slug, value_slug in spec.attrs:
            assigned.append(
                catalog.AssignedProductAttributeValue(
                    value=values[(attribute_slug, value_slug)], product=product, sort_order=position
                )
            )
            position += 1
        for attribute_slug, text_en, text_th in spec.plain_text:
            attribute = values["attributes"][attribute_slug]
            value = catalog.AttributeValue(
                attribute=attribute,
                slug=f"{product.pk}_{attribute.pk}",
                name=text_en[:250],
                plain_text=text_en,
                sort_order=0,
            )
            plain_values.append((value, text_th))
            assigned.append(
                catalog.AssignedProductAttributeValue(
                    value=value, product=product, sort_order=position
                )
            )
            position += 1
    catalog.AttributeValue.objects.bulk_create([value for value, _ in plain_values])
    catalog.AttributeValueTranslation.objects.bulk_create(
        catalog.AttributeValueTranslation(
            attribute_value=value, language_code=THAI, name=text[:250], plain_text=text
        )
        for value, text in plain_values
    )
    catalog.AssignedProductAttributeValue.objects.bulk_create(assigned)


def _variant_attributes_assign(specs, variants, values) -> None:
    catalog.AssignedVariantAttributeValue.objects.bulk_create(
        catalog.AssignedVariantAttributeValue(
            value=values[(attribute_slug, value_slug)], variant=variants[v.sku], sort_order=i
        )
        for spec in specs
        for v in spec.variants
        for i, (attribute_slug, value_slug) in enumerate(v.attrs)
    )


def _listing_dates(spec: ProductSpec, now):
    published_at = now - datetime.timedelta(days=spec.created_days_ago)
    if spec.status == "unpublished":
        return False, None, None
    if spec.status == "coming-soon":
        return True, published_at, now + datetime.timedelta(days=14 + spec.index % 30)
    return True, published_at, published_at


def _listings_create(specs, products, variants, channel, now) -> None:
    listings = []
    for spec in specs:
        is_published, published_at, available_at = _listing_dates(spec, now)
        listings.append(
            catalog.ProductChannelListing(
                product=products[spec.slug],
                channel=channel,
                currency=CURRENCY,
                is_published=is_published,
                published_at=published_at,
                visible_in_listings=True,
                available_for_purchase_at=available_at,
            )
        )
    catalog.ProductChannelListing.objects.bulk_create(listings)
    catalog.ProductVariantChannelListing.objects.bulk_create(
        catalog.ProductVariantChannelListing(
            variant=variants[v.sku],
            channel=channel,
            currency=CURRENCY,
            price_amount=v.price,
            discounted_price_amount=v.discounted,
            cost_price_amount=v.cost,
            prior_price_amount=v.price if spec.sale_percent else None,
        )
        for spec in specs
        for v in spec.variants
    )


def _stocks_create(specs, variants, warehouses) -> None:
    Stock.objects.bulk_create(
        Stock(warehouse=warehouses[group], product_variant=variants[v.sku], quantity=quantity)
        for spec in specs
        for v in spec.variants
        for group, quantity in v.stock
    )


def _media_alt(spec: ProductSpec, index: int) -> str:
    if index == 0:
        return spec.name_en
    if spec.product_type == "packaged-food":
        return f"{spec.name_en}, served"
    return f"Close-up of the weave: {spec.name_en}"


def _media_create(specs, products) -> None:
    for spec in specs:
        product = products[spec.slug]
        stem = "-".join(spec.variants[0].sku.split("-")[:3]).lower()
        for index, data in enumerate(product_images(spec.image, spec.slug, spec.detail_image)):
            media = catalog.ProductMedia(
                product=product, alt=_media_alt(spec, index), sort_order=index
            )
            save_image(media.image, f"{stem}-{index + 1}.jpg", data, save=True)
