"""Error messages follow the browser's language; Thai when it asks for none."""

import pytest
from django.test import Client

from tests.shop.graphql.conftest import GraphQLClient

pytestmark = pytest.mark.django_db

MUTATION_TOKEN_CREATE = """
mutation { tokenCreate(email: "nobody@example.com", password: "x") { errors { message code } } }
"""


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "อีเมลหรือรหัสผ่านไม่ถูกต้อง"),
        ({"Accept-Language": "th-TH,th;q=0.9"}, "อีเมลหรือรหัสผ่านไม่ถูกต้อง"),
        ({"Accept-Language": "en-US,en;q=0.9"}, "Please, enter valid credentials"),
    ],
)
def test_error_message_is_in_the_language_asked_for(headers, message):
    api_client = GraphQLClient(Client(headers=headers))

    errors = api_client.execute(MUTATION_TOKEN_CREATE)["data"]["tokenCreate"]["errors"]

    assert errors == [{"message": message, "code": "INVALID_CREDENTIALS"}]
