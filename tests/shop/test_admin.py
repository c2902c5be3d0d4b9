import pytest

from tests.factories.catalog import create_channel, create_product

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/catalog/product/",
    "/admin/catalog/productvariant/",
    "/admin/catalog/category/",
    "/admin/catalog/collection/",
    "/admin/catalog/attribute/",
    "/admin/channel/channel/",
    "/admin/warehouse/stock/",
    "/admin/menu/menu/",
    "/admin/page/page/",
    "/admin/account/user/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_staff_admin_pages_open(admin_client, url):
    create_product(create_channel())

    assert admin_client.get(url).status_code == 200


def test_product_change_page_opens(admin_client):
    product = create_product(create_channel(), image=True)

    assert admin_client.get(f"/admin/catalog/product/{product.pk}/change/").status_code == 200


def test_shoppers_are_sent_to_login(client):
    response = client.get("/admin/catalog/product/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
