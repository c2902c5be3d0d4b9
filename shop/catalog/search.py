"""Product search: one denormalised text per product, searched with ILIKE over a trigram index.

Thai is written without spaces between words, so word-based full-text search
(PostgreSQL's tsvector) cannot find "ผ้าไหม" inside "ผ้าไหมมัดหมี่"; substring
matching can, and ``pg_trgm`` keeps it indexed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from .models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Product,
    ProductVariant,
)


def _editorjs_text(description) -> str:
    if not description:
        return ""
    parts = []
    for block in description.get("blocks", []):
        data = block.get("data", {})
        if "text" in data:
            parts.append(str(data["text"]))
        for item in data.get("items", []) or []:
            parts.append(item if isinstance(item, str) else str(item.get("content", "")))
    return " ".join(parts)


def build_search_document(product: Product) -> str:
    """Text of a product in every language.  Expects the prefetches of ``_search_queryset``."""
    parts = [product.name, product.slug, product.description_plaintext or _editorjs_text(product.description)]
    for tr in product.translations.all():
        parts += [tr.name, _editorjs_text(tr.description)]
    if product.category:
        parts.append(product.category.name)
        parts += [tr.name for tr in product.category.translations.all()]
    for assigned in product.attributevalues.all():
        parts.append(assigned.value.name)
        parts += [tr.name for tr in assigned.value.translations.all()]
    for variant in product.variants.all():
        parts += [variant.sku or "", variant.name]
        parts += [tr.name for tr in variant.translations.all()]
        for assigned in variant.attributevalues.all():
            parts.append(assigned.value.name)
    return "\n".join(p for p in parts if p).lower()


def _search_queryset(products: QuerySet[Product]) -> QuerySet[Product]:
    values = AssignedProductAttributeValue.objects.select_related("value").prefetch_related(
        "value__translations"
    )
    variant_values = AssignedVariantAttributeValue.objects.select_related("value")
    variants = ProductVariant.objects.prefetch_related(
        "translations", Prefetch("attributevalues", queryset=variant_values)
    )
    return products.select_related("category").prefetch_related(
        "translations",
        "category__translations",
        Prefetch("attributevalues", queryset=values),
        Prefetch("variants", queryset=variants),
    )


def update_products_search_document(products: Iterable[Product] | QuerySet[Product]) -> int:
    """Rebuild the search text of the given products; returns how many were updated."""
    ids = [p.pk for p in products] if not isinstance(products, QuerySet) else products.values("pk")
    updated = []
    for product in _search_queryset(Product.objects.filter(pk__in=ids)):
        product.search_document = build_search_document(product)
        product.search_index_dirty = False
        updated.append(product)
    Product.objects.bulk_update(updated, ["search_document", "search_index_dirty"], batch_size=500)
    return len(updated)
