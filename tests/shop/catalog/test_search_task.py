import pytest

from shop.catalog.models import Product, ProductTranslation
from shop.catalog.tasks import update_products_search_document_task
from tests.factories.catalog import create_channel, create_product

pytestmark = pytest.mark.django_db


def test_task_indexes_dirty_products_in_every_language():
    # given a product whose Thai name changed after it was indexed
    product = create_product(create_channel(), name="Bamboo basket")
    ProductTranslation.objects.create(product=product, language_code="th", name="ตะกร้าไม้ไผ่")
    Product.objects.filter(pk=product.pk).update(search_index_dirty=True)

    # when the task runs
    updated = update_products_search_document_task.delay().get()

    # then the product is clean and findable in Thai and English
    product.refresh_from_db()
    assert updated == 1
    assert product.search_index_dirty is False
    assert "ตะกร้าไม้ไผ่" in product.search_document
    assert "bamboo basket" in product.search_document


def test_task_does_nothing_when_nothing_is_dirty():
    create_product(create_channel())

    assert update_products_search_document_task.delay().get() == 0
