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


def test_editing_a_product_in_the_admin_reindexes_its_search_text(admin_client, django_capture_on_commit_callbacks):
    product = create_product(create_channel(), name="Bamboo basket")
    form = admin_client.get(f"/admin/catalog/product/{product.pk}/change/").context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("description", "metadata", "private_metadata")}
    data.update(
        name="Rattan basket", product_type=product.product_type_id, description="null", metadata="{}",
        private_metadata="{}", weight_grams="250",
    )
    for prefix in ("translations", "channel_listings", "variants", "media"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/catalog/product/{product.pk}/change/", data)

    product.refresh_from_db()
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "rattan basket" in product.search_document
