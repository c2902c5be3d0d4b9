import pytest
from django.test import Client


class GraphQLClient:
    def __init__(self, client: Client):
        self.client = client

    def post(self, query: str, variables: dict | None = None, **extra):
        return self.client.post(
            "/graphql/", {"query": query, "variables": variables or {}}, content_type="application/json", **extra
        )

    def execute(self, query: str, variables: dict | None = None) -> dict:
        response = self.post(query, variables)
        assert response.status_code in (200, 400), response.content
        return response.json()


@pytest.fixture
def api_client(client):
    return GraphQLClient(client)


@pytest.fixture
def staff_api_client(client, django_user_model):
    user = django_user_model.objects.create_user("staff@example.com", "pass", is_staff=True)
    client.force_login(user)
    return GraphQLClient(client)


@pytest.fixture
def channel(db):
    from tests.factories.catalog import create_channel

    return create_channel()
