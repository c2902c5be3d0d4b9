import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.catalog.models import Attribute, AttributeType, AttributeValue
from shop.menu.models import Menu, MenuItem, MenuItemTranslation
from shop.page.models import (
    AssignedPageAttributeValue,
    AttributePage,
    Page,
    PageTranslation,
    PageType,
)
from tests.factories.catalog import create_category

pytestmark = pytest.mark.django_db

QUERY_MENU = """
query Menu($slug: String) {
  menu(slug: $slug) { name items { name url level category { slug } page { slug }
    translation(languageCode: TH) { name } children { name level } } }
}
"""

QUERY_PAGE = """
query Page($slug: String!) {
  page(slug: $slug) { title content pageType { name }
    translation(languageCode: TH) { title content }
    attributes { attribute { slug } values { name } } }
}
"""

QUERY_PAGES = "{ pages(first: 10) { totalCount edges { node { slug } } } }"


@pytest.fixture
def about_page():
    page_type = PageType.objects.create(name="Content page", slug="content-page")
    topic = Attribute.objects.create(slug="topic", name="Topic", type=AttributeType.PAGE_TYPE)
    AttributePage.objects.create(attribute=topic, page_type=page_type)
    story = AttributeValue.objects.create(attribute=topic, name="Our story", slug="our-story")
    page = Page.objects.create(
        slug="about", title="About HomeNet Thailand Brand", page_type=page_type, is_published=True,
        content={"blocks": [{"type": "paragraph", "data": {"text": "Owned by 25 producer groups."}}]},
    )
    PageTranslation.objects.create(page=page, language_code="th", title="เกี่ยวกับเรา")
    AssignedPageAttributeValue.objects.create(page=page, value=story)
    return page


def test_menu_with_items_children_and_thai_names(api_client, about_page):
    menu = Menu.objects.create(name="navbar", slug="navbar")
    category = create_category("Handicrafts")
    crafts = MenuItem.objects.create(menu=menu, name="Handicrafts", category=category)
    MenuItem.objects.create(menu=menu, name="Baskets", parent=crafts, url="https://shop.example.com/baskets")
    about = MenuItem.objects.create(menu=menu, name="About", page=about_page)
    MenuItemTranslation.objects.create(menu_item=about, language_code="th", name="เกี่ยวกับเรา")

    data = api_client.execute(QUERY_MENU, {"slug": "navbar"})["data"]["menu"]

    assert [i["name"] for i in data["items"]] == ["Handicrafts", "About"]
    assert data["items"][0]["category"] == {"slug": category.slug}
    assert data["items"][0]["children"] == [{"name": "Baskets", "level": 1}]
    assert data["items"][1]["page"] == {"slug": "about"}
    assert data["items"][1]["translation"] == {"name": "เกี่ยวกับเรา"}


def test_menu_items_load_in_constant_queries(api_client):
    menu = Menu.objects.create(name="footer", slug="footer")
    for i in range(30):
        parent = MenuItem.objects.create(menu=menu, name=f"Item {i}")
        MenuItem.objects.create(menu=menu, name=f"Child {i}", parent=parent)

    with CaptureQueriesContext(connection) as ctx:
        data = api_client.execute(QUERY_MENU, {"slug": "footer"})

    assert len(data["data"]["menu"]["items"]) == 30
    assert len(ctx.captured_queries) <= 5


def test_page_with_translation_and_attributes(api_client, about_page):
    data = api_client.execute(QUERY_PAGE, {"slug": "about"})["data"]["page"]

    assert data["title"] == "About HomeNet Thailand Brand"
    assert data["translation"]["title"] == "เกี่ยวกับเรา"
    assert data["attributes"] == [{"attribute": {"slug": "topic"}, "values": [{"name": "Our story"}]}]


def test_unpublished_pages_are_hidden_from_shoppers(api_client, about_page):
    Page.objects.create(slug="draft", title="Draft", page_type=about_page.page_type, is_published=False)

    data = api_client.execute(QUERY_PAGES)

    assert data["data"]["pages"]["edges"] == [{"node": {"slug": "about"}}]
    assert api_client.execute(QUERY_PAGE, {"slug": "draft"})["data"]["page"] is None
