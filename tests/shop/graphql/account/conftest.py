import pytest
from django.core.cache import cache
from django.test import Client

from shop.account.tokens import access_token_create
from tests.factories.account import create_user
from tests.shop.graphql.conftest import GraphQLClient


class TokenClient(GraphQLClient):
    """A storefront logged in with a JWT access token (``Authorization: Bearer``)."""

    def __init__(self, client, user):
        super().__init__(client)
        self.user = user

    def post(self, query, variables=None, **extra):
        extra.setdefault("HTTP_AUTHORIZATION", f"Bearer {access_token_create(user=self.user)}")
        return super().post(query, variables, **extra)


@pytest.fixture
def client():
    """A browser asking for English: tests compare Saleor's English messages
    (without the header the shop answers in Thai, see test_messages_language.py)."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture(autouse=True)
def _empty_cache():
    """Login failure counters live in the cache: every test starts without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def customer(db):
    return create_user("malee@example.com", language_code="th")


@pytest.fixture
def user_api_client(client, customer):
    return TokenClient(client, customer)


@pytest.fixture
def other_customer(db):
    return create_user("somchai@example.com")
